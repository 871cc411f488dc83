using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Stt.Audio;
using Stt.Core.Admission;
using Stt.Core.Inference;
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
            Model = new ModelInfo
            {
                Name = model.Name,
                Synthetic = model.IsSynthetic,
                Multilingual = p.IsMultilingual,
                VocabularySize = p.VocabularySize,
                AudioState = p.AudioState,
                AudioLayers = p.AudioLayers,
                TextState = p.TextState,
                TextLayers = p.TextLayers,
                MelBins = p.MelBins,
                FileBytes = model.FileBytes,
                Workers = inference.Value.EffectiveWorkers,
                ThreadsPerWorker = inference.Value.EffectiveThreads,
                MaxThreadsPerPass = inference.Value.MaxThreadsPerPass,
            },
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
}
