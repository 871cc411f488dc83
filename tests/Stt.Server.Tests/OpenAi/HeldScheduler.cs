using Stt.Core.Inference;

namespace Stt.Server.Tests.OpenAi;

/// <summary>A scheduler whose passes never finish: each waits until it is cancelled. It counts the passes asked of it.</summary>
internal sealed class HeldScheduler : IInferenceScheduler
{
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

    public async Task<Transcript?> ScheduleAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _scheduled);
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return null;
    }
}
