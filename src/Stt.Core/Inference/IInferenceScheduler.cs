namespace Stt.Core.Inference;

/// <summary>Runs passes from many streams on the shared model, finals first.</summary>
public interface IInferenceScheduler : IInferenceLoad
{
    /// <summary>
    /// Queues a pass and completes with its transcript, or with null when an interim was replaced by a newer
    /// one of the same key or dropped because the queue was full. Cancelling the token removes a queued pass
    /// or aborts a running one at once.
    /// </summary>
    /// <exception cref="InferenceQueueFullException">A final could not be queued: the server is over capacity.</exception>
    Task<Transcript?> ScheduleAsync(InferenceRequest request, CancellationToken cancellationToken);
}
