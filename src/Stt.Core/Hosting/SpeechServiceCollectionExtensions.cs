using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stt.Core.Admission;
using Stt.Core.Detection;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;
using Stt.Core.Models;
using Stt.Core.Streaming;

namespace Stt.Core.Hosting;

/// <summary>Registers the speech core: model loading, the inference scheduler, stream transcribers and browser sessions.</summary>
public static class SpeechServiceCollectionExtensions
{
    /// <summary>Adds the model loader, the shared scheduler, stream transcribers, browser sessions and file transcription, with options bound from configuration.</summary>
    public static IServiceCollection AddSpeechRecognition(this IServiceCollection services)
    {
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Model), "Stt:Model must name a model, a file, or 'synthetic'")
            .ValidateOnStart();
        services.AddOptions<InferenceOptions>()
            .Configure<IConfiguration>((o, c) => o.MaxQueuedPasses = RenamedSettings.FromOldKeys(c, $"{InferenceOptions.Section}:{nameof(o.MaxQueuedPasses)}", o.MaxQueuedPasses))
            .BindConfiguration(InferenceOptions.Section)
            .Validate(o => o.Workers >= 0 && o.ThreadsPerWorker >= 0 && o.MaxQueuedPasses > 0 && o.AudioContextPadding >= 0 && o.TemperatureIncrement >= 0 && o.EntropyThreshold > 0 && o.BestOf >= 1 && o.MaxTokensPerSecond >= 0 && o.TokenCapMargin >= 0,
                "Stt:Inference values must not be negative")
            .ValidateOnStart();
        services.AddOptions<StreamingOptions>().BindConfiguration(StreamingOptions.Section)
            .Validate(o => o.EndOfUtteranceSilence > TimeSpan.Zero && o.MaxUtterance >= TimeSpan.FromSeconds(1) && o.MaxUtterance <= TimeSpan.FromSeconds(29)
                && o.InterimInterval > TimeSpan.Zero && o.MaxPendingFinalsPerStream > 0 && o.VadThreshold is > 0 and < 1 && Enum.IsDefined(o.Vad)
                && o.InterimIntervalGrowth >= 0 && Enum.IsDefined(o.InterimContext) && o.FileWindow >= o.MaxUtterance && o.FileWindow <= TimeSpan.FromSeconds(29)
                && o.FileWindowGap >= TimeSpan.Zero && o.MaxIdleVadContexts >= 0,
                "Stt:Streaming: silence and interim interval must be positive, MaxUtterance 1-29 s, FileWindow from MaxUtterance to 29 s, Vad silero or energy, VadThreshold between 0 and 1, InterimContext Full or Reduced, MaxIdleVadContexts not negative")
            .ValidateOnStart();

        services.AddOptions<StreamLifetimeOptions>().Configure<IConfiguration>(StreamLifetimeConfiguration.Bind)
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.MaxDuration > TimeSpan.Zero, "Stt:Streams:IdleTimeout and MaxDuration must be positive")
            .ValidateOnStart();
        services.AddOptions<StreamAudioOptions>().BindConfiguration(StreamAudioOptions.Section)
            .Validate(o => o.MaxMessageSeconds > 0 && o.MaxConcealedRun > TimeSpan.Zero && o.MaxAheadOfRealTime > TimeSpan.Zero,
                "Stt:Streams:MaxMessageSeconds, MaxConcealedRun and MaxAheadOfRealTime must be positive")
            .ValidateOnStart();
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section)
            .Validate(o => o.DetachedGrace > TimeSpan.Zero && o.MaxOutOfOrderPushes > 0 && o.MaxOutOfOrderBytes > 0, "Stt:Sessions values must be positive")
            .ValidateOnStart();

        services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.Section)
            .Validate(o => o.FinalLatencyBound > TimeSpan.Zero && o.TargetUtilization is > 0 and <= 1 && o.MaxStreams >= 0 && o.MeasurementWindow >= TimeSpan.FromSeconds(5),
                "Stt:Admission: FinalLatencyBound must be positive, TargetUtilization in (0, 1], MaxStreams >= 0, MeasurementWindow >= 5 s")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SpeechMetrics>();
        services.AddSingleton<LiveStreamMeter>();
        services.AddSingleton<AdmissionController>();
        services.AddSingleton<SpeechModelHost>();
        services.AddSingleton(sp => new ModelResolver(
            sp.GetRequiredService<IOptions<ModelOptions>>(),
            new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<ILogger<ModelResolver>>()));
        services.AddHostedService<RenamedSettingsWarning>();
        services.AddHostedService<ModelLoader>();
        services.AddSingleton<InferenceScheduler>();
        services.AddSingleton<IInferenceScheduler>(sp => sp.GetRequiredService<InferenceScheduler>());
        services.AddSingleton<IInferenceLoad>(sp => sp.GetRequiredService<IInferenceScheduler>()); // whichever scheduler serves, its load
        services.AddHostedService(sp => sp.GetRequiredService<InferenceScheduler>());
        services.AddHostedService<IdleMemoryTrimmer>();
        services.AddSingleton<SpeechDetectors>();
        services.AddSingleton<SegmentFilter>();
        services.AddSingleton<StreamTranscriberFactory>();
        services.AddSingleton<FileTranscriber>();
        services.AddSingleton<SessionRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionRegistry>());
        return services;
    }
}
