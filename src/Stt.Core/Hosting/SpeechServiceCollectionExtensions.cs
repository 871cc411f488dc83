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

/// <summary>Registers the speech core: model loading, the inference scheduler, stream transcribers and file transcription.</summary>
public static class SpeechServiceCollectionExtensions
{
    /// <summary>Adds the model loader, the shared scheduler, stream transcribers and file transcription, with options bound from configuration.</summary>
    public static IServiceCollection AddSpeechRecognition(this IServiceCollection services)
    {
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Model), "Stt:Model must name a model, a file, or 'synthetic'")
            .ValidateOnStart();
        services.AddSettings<InferenceOptions, InferenceOptionsValidator>(InferenceOptions.Section);
        services.AddSettings<StreamingOptions, StreamingOptionsValidator>(StreamingOptions.Section);
        services.AddSettings<StreamLifetimeOptions, StreamLifetimeOptionsValidator>(StreamLifetimeOptions.Section);
        services.AddSettings<StreamAudioOptions, StreamAudioOptionsValidator>(StreamAudioOptions.Section);
        services.AddSettings<AdmissionOptions, AdmissionOptionsValidator>(AdmissionOptions.Section);
        services.AddSettings<ModelsOptions, ModelsOptionsValidator>(ModelsOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SpeechMetrics>();
        services.AddSingleton<LiveStreamMeter>();
        services.AddSingleton<AdmissionController>();
        services.AddSingleton<SpeechModelHost>();
        services.AddSingleton(sp => new ModelResolver(
            sp.GetRequiredService<IOptions<ModelOptions>>(),
            new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<ILogger<ModelResolver>>()));
        services.AddSingleton<ModelLoading>();
        services.AddSingleton<ModelMetrics>();
        services.AddSingleton<SpeechModels>();
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
        return services;
    }

    /// <summary>
    /// Binds <typeparamref name="T"/> from <paramref name="section"/> (old names of its keys included, <see cref="RenamedSettings"/>),
    /// once, at startup; <typeparamref name="TValidator"/> names each bad key, and the server does not start until all are good.
    /// </summary>
    private static OptionsBuilder<T> AddSettings<T, TValidator>(this IServiceCollection services, string section)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        return services.AddSettings<T>(section);
    }

    /// <summary>Binds <typeparamref name="T"/> from <paramref name="section"/>, old names of its keys included, and validates it at startup.</summary>
    private static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>()
            .Configure<IConfiguration>((options, configuration) => RenamedSettings.WithOldKeys(configuration).GetSection(section).Bind(options))
            .ValidateOnStart();
}
