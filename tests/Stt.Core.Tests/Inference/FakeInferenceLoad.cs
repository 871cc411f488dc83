using Stt.Core.Inference;

namespace Stt.Core.Tests.Inference;

/// <summary>A load whose numbers a test sets and whose completed passes it reports, for what watches the scheduler.</summary>
internal sealed class FakeInferenceLoad : IInferenceLoad
{
    public event Action<CompletedPass>? PassCompleted;

    public int Workers { get; set; } = 2;

    public int RunningPasses { get; set; }

    public int QueuedPasses { get; set; }

    public int QueuedFinals { get; set; }

    public bool IsSaturated => RunningPasses >= Workers || QueuedPasses > 0;

    /// <summary>Reports a pass as the scheduler does when a worker finishes one.</summary>
    public void Complete(CompletedPass pass) => PassCompleted?.Invoke(pass);
}
