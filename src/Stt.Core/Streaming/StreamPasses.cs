using Stt.Audio;
using Stt.Core.Inference;
using Stt.Core.Models;

namespace Stt.Core.Streaming;

/// <summary>
/// A stream's passes on the shared scheduler: each with the stream's recognition options, counted as a live stream's
/// or a file's, its audio padded to the shortest pass Whisper takes; all aborted together when the stream is
/// disposed, fails, or its call is cancelled.
/// </summary>
internal sealed class StreamPasses : IDisposable
{
    /// <summary>Shortest pass, in samples: whisper.cpp skips input under 1 s.</summary>
    public static readonly int MinSamples = AudioTime.SampleRate + 320;

    private readonly IInferenceScheduler _scheduler;
    private readonly RecognitionOptions _recognition;
    private readonly ModelLease? _model;
    private readonly bool _live;
    private readonly CancellationTokenSource _abort;

    /// <param name="scheduler">The shared scheduler.</param>
    /// <param name="recognition">Language, prompt and what to return, for every pass.</param>
    /// <param name="live">A live stream's passes (their cost counts for admission), not a file's.</param>
    /// <param name="callCancelled">The call's token: cancelling it aborts every pass.</param>
    /// <param name="model">The model every pass runs on; null: the default model.</param>
    public StreamPasses(IInferenceScheduler scheduler, RecognitionOptions recognition, bool live, CancellationToken callCancelled, ModelLease? model = null)
    {
        _scheduler = scheduler;
        _recognition = recognition;
        _model = model;
        _live = live;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
    }

    /// <summary>Cancelled when the stream's passes are aborted.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>Every worker is busy: a pass started now would wait.</summary>
    public bool WorkersSaturated => _scheduler.IsSaturated;

    /// <summary>
    /// Schedules a pass over <paramref name="samples"/> at <paramref name="context"/>; <paramref name="replaceKey"/>: see
    /// <see cref="InferenceRequest.ReplaceKey"/>.
    /// </summary>
    public Task<Transcript?> Start(
        float[] samples, PassPriority priority, CancellationToken cancellationToken, object? replaceKey = null, EncoderContext context = EncoderContext.Full) =>
        _scheduler.ScheduleAsync(new InferenceRequest(Padded(samples), _recognition with { Context = context }, priority, replaceKey, _live, _model), cancellationToken);

    /// <summary>Aborts every pass (from a worker thread; a no-op once disposed).</summary>
    public void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // already disposed
        }
    }

    /// <summary>Aborts every pass.</summary>
    public Task AbortAsync() => _abort.CancelAsync();

    /// <inheritdoc />
    public void Dispose() => _abort.Dispose();

    private static float[] Padded(float[] samples) =>
        samples.Length >= MinSamples ? samples : [.. samples, .. new float[MinSamples - samples.Length]];
}
