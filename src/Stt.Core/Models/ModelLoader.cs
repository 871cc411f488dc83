using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stt.Core.Detection;
using Stt.Core.Inference;

namespace Stt.Core.Models;

/// <summary>
/// Loads the default model in the background once the host has started (so health can answer NOT_SERVING meanwhile):
/// resolves or downloads it, checks it, loads it, runs one warm-up pass (<see cref="ModelLoading"/>), then publishes
/// it on <see cref="SpeechModelHost"/>. A model that cannot be loaded stops the application with one clear message.
/// </summary>
public sealed partial class ModelLoader(
    ModelResolver resolver,
    ModelLoading loading,
    SpeechModelHost host,
    SpeechDetectors detectors,
    IOptions<InferenceOptions> inference,
    IOptions<ModelOptions> models,
    IHostApplicationLifetime lifetime,
    ILogger<ModelLoader> logger) : BackgroundService
{
    private WhisperRecognizer? _recognizer;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var stopwatch = Stopwatch.StartNew();
            await Task.Run(detectors.Load, stoppingToken).ConfigureAwait(false);
            LogDetector(detectors.Kind, detectors.Kind == VoiceActivityDetection.Silero ? detectors.ModelPath : "-");
            var (path, synthetic) = await loading.ResolveAsync(resolver.ConfiguredName, stoppingToken).ConfigureAwait(false);
            if (OperatingSystem.IsLinux() && !NativeHeap.ArenasLimited)
            {
                LogArenas();
            }

            var tolerant = models.Value.ModelToleratesReducedContext;
            (var model, _recognizer) = await loading.LoadAsync(ModelName(path, synthetic), path, synthetic, tolerant, [], stoppingToken).ConfigureAwait(false);
            if (inference.Value.ReduceAudioContext == true && !tolerant)
            {
                LogReducedContextRisk(model.Name);
            }

            if (synthetic)
            {
                LogSynthetic(model.Name);
            }

            host.SetReady(_recognizer, model);
            LogReady(model.Name, path, stopwatch.ElapsedMilliseconds, inference.Value.EffectiveWorkers, inference.Value.EffectiveThreads);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down while loading
        }
        catch (Exception ex) when (ex is ModelFileException or IOException or UnauthorizedAccessException)
        {
            LogLoadFailed(ex.Message);
            Environment.ExitCode = 1;
            await StopOnceStartedAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the host; waits for it to have started first, since stopping a host mid-start makes it throw.</summary>
    private async Task StopOnceStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // already stopping
            }
        }

        lifetime.StopApplication();
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _recognizer?.Dispose();
        base.Dispose();
    }

    private string ModelName(string path, bool synthetic) =>
        synthetic || ModelCatalog.Find(resolver.ConfiguredName) is not null ? resolver.ConfiguredName : Path.GetFileName(path);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Serving the SYNTHETIC model '{Name}': random or scripted weights, its transcripts are MEANINGLESS. For tests and benchmarks only; set Stt:Model to a real model for real use.")]
    private partial void LogSynthetic(string name);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning,
        Message = "Stt:Inference:ReduceAudioContext=true with '{Name}', a model not declared fine-tuned for a reduced encoder context: vanilla Whisper models loop and repeat themselves at a reduced context (FUTO measured tiny.en on LibriSpeech clean at 4.73% WER with the full context, 225.99% with a reduced one). Unset it for accurate transcripts, or set Stt:ModelToleratesReducedContext=true for a model fine-tuned for it (FUTO's ACFT models).")]
    private partial void LogReducedContextRisk(string name);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Model '{Name}' ({Path}) loaded and warmed up in {Milliseconds} ms; {Workers} worker(s) x {Threads} thread(s)")]
    private partial void LogReady(string name, string path, long milliseconds, int workers, int threads);

    [LoggerMessage(EventId = 12, Level = LogLevel.Critical, Message = "Cannot start: {Reason}")]
    private partial void LogLoadFailed(string reason);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information,
        Message = "MALLOC_ARENA_MAX is not set: after bursts of load the process may keep several times the memory it uses. Set MALLOC_ARENA_MAX=2 in the service's environment.")]
    private partial void LogArenas();

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "Speech detection: {Detector} (model {Path})")]
    private partial void LogDetector(VoiceActivityDetection detector, string path);
}
