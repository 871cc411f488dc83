using Stt.Core.Inference;

namespace Stt.Server.Tests.OpenAi;

/// <summary>
/// A scheduler whose passes wait until the test <see cref="Release"/>s them (then each says the text given), or until
/// they are cancelled. It counts the passes asked of it.
/// </summary>
internal sealed class HeldScheduler : IInferenceScheduler
{
    private readonly TaskCompletionSource<string> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _scheduled;

    public event Action<CompletedPass>? PassCompleted
    {
        add { }
        remove { }
    }

    /// <summary>Passes asked for so far.</summary>
    public int Scheduled => Volatile.Read(ref _scheduled);

    public int Workers => 2;

    public int RunningPasses => 0;

    public int QueuedPasses => 0;

    public int QueuedFinals => 0;

    public bool IsSaturated => false;

    /// <summary>Every pass, held or to come, ends with one segment saying <paramref name="text"/>.</summary>
    public void Release(string text) => _released.TrySetResult(text);

    public async Task<Transcript?> ScheduleAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _scheduled);
        var text = await _released.Task.WaitAsync(cancellationToken);
        var length = TimeSpan.FromSeconds(request.Samples.Length / 16000.0);
        return new Transcript([new TranscriptSegment(TimeSpan.Zero, length, text, 1f, 0f, "en", [])], TimeSpan.Zero);
    }
}
