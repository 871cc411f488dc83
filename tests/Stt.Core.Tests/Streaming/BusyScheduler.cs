using Stt.Core.Inference;
using Stt.Core.Streaming;

namespace Stt.Core.Tests.Streaming;

/// <summary>A scheduler whose every worker is busy: a live stream starts no speculative final on it. Takes no passes.</summary>
internal sealed class BusyScheduler : IInferenceScheduler
{
    public event Action<CompletedPass>? PassCompleted
    {
        add { }
        remove { }
    }

    public int Workers => 1;

    public int RunningPasses => 1;

    public int QueuedPasses => 0;

    public int QueuedFinals => 0;

    public bool IsSaturated => true;

    public Task<Transcript?> ScheduleAsync(InferenceRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("these tests run no pass");

    /// <summary>A live stream's finals with no speculation: every worker is busy.</summary>
    public static LiveFinals LiveFinals() =>
        new(new Speculation(new StreamPasses(new BusyScheduler(), new RecognitionOptions("en"), live: true, CancellationToken.None)));
}
