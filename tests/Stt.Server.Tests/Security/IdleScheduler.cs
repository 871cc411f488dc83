using Stt.Core.Inference;

namespace Stt.Server.Tests.Security;

/// <summary>An inference scheduler with nothing to do, for the pieces that watch the load; no pass may be scheduled.</summary>
internal sealed class IdleScheduler : IInferenceScheduler
{
    public event Action<CompletedPass>? PassCompleted
    {
        add { }
        remove { }
    }

    public int Workers => 2;

    public int RunningPasses => 0;

    public int QueuedPasses => 0;

    public int QueuedFinals => 0;

    public bool IsSaturated => false;

    public Task<Transcript?> ScheduleAsync(InferenceRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the call pipeline schedules no passes");
}
