using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Stt.Audio;
using Stt.Core.Admission;
using Stt.Core.Inference;
using Stt.Core.Models;
using Stt.Core.Streaming;
using Stt.Server.Hosting;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>GetServerInfo: what this server runs and accepts.</summary>
internal sealed class ServerInfoCall(
    RequestValidator validator,
    IOptions<ApiOptions> api,
    IOptions<InferenceOptions> inference,
    IOptions<StreamingOptions> streaming,
    IOptions<StreamLifetimeOptions> lifetimes,
    AdmissionController admission,
    IInferenceLoad load,
    SpeechModels models,
    ServerDrain drain)
{
    private static readonly string Version =
        typeof(ServerInfoCall).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public ServerInfo Describe()
    {
        var model = validator.RequireModel();
        var p = model.HyperParameters;
        var info = new ServerInfo
        {
            Version = Version,
            Model = Describe(new ModelStatus(model.Name, true, model, [])),
            DefaultLanguage = inference.Value.DefaultLanguageFor(p.IsMultilingual),
            Limits = new Limits
            {
                MaxMessageBytes = api.Value.MaxMessageBytes,
                MaxFileBytes = api.Value.MaxFileBytes,
                MaxUtterance = Duration.FromTimeSpan(streaming.Value.MaxUtterance),
                EndOfUtteranceSilence = Duration.FromTimeSpan(streaming.Value.EndOfUtteranceSilence),
                MaxPromptBytes = api.Value.MaxPromptBytes,
                StreamIdleTimeout = Duration.FromTimeSpan(lifetimes.Value.IdleTimeout),
                MaxStreamDuration = Duration.FromTimeSpan(lifetimes.Value.MaxDuration),
            },
            Load = new Load
            {
                ActiveStreams = admission.ActiveStreams,
                EstimatedStreamCapacity = admission.EstimatedCapacity ?? 0,
                QueuedPasses = load.QueuedPasses,
                RefusingStreams = drain.IsDraining || admission.IsRefusing,
            },
        };
        info.Languages.AddRange(SpeechLanguages.For(p.IsMultilingual));
        info.Models.AddRange(models.Statuses().Select(Describe));
        var opus = new EncodingInfo { Encoding = AudioEncoding.Opus };
        opus.SampleRatesHertz.AddRange(OpusRates.Supported);
        info.Encodings.Add(opus);
        info.Encodings.Add(new EncodingInfo
        {
            Encoding = AudioEncoding.Linear16,
            MinSampleRateHertz = StreamAudioFormat.MinPcmRate,
            MaxSampleRateHertz = StreamAudioFormat.MaxPcmRate,
        });
        return info;
    }

    /// <summary>A model's name, state and allowed languages; its dimensions when it is in memory.</summary>
    private ModelInfo Describe(ModelStatus status)
    {
        var info = new ModelInfo
        {
            Name = status.Name,
            IsDefault = status.IsDefault,
            Loaded = status.Loaded is not null,
            Workers = inference.Value.EffectiveWorkers,
            ThreadsPerWorker = inference.Value.EffectiveThreads,
            MaxThreadsPerPass = inference.Value.MaxThreadsPerPass,
        };
        info.Languages.AddRange(status.Languages);
        if (status.Loaded is { } model)
        {
            var p = model.HyperParameters;
            info.Synthetic = model.IsSynthetic;
            info.Multilingual = p.IsMultilingual;
            info.VocabularySize = p.VocabularySize;
            info.AudioState = p.AudioState;
            info.AudioLayers = p.AudioLayers;
            info.TextState = p.TextState;
            info.TextLayers = p.TextLayers;
            info.MelBins = p.MelBins;
            info.FileBytes = model.FileBytes;
        }

        return info;
    }
}
