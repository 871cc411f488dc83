namespace Stt.Core.Inference;

/// <summary>What the inference workers are doing: for what watches the load (metrics, admission, memory) rather than scheduling passes.</summary>
public interface IInferenceLoad
{
    /// <summary>Parallel passes.</summary>
    int Workers { get; }

    /// <summary>Passes running now.</summary>
    int RunningPasses { get; }

    /// <summary>Passes queued and not yet started.</summary>
    int QueuedPasses { get; }

    /// <summary>Finals waiting for a worker.</summary>
    int QueuedFinals { get; }

    /// <summary>True when every worker is running a pass or passes are waiting: a new interim would delay finals.</summary>
    bool IsSaturated { get; }

    /// <summary>Raised on a worker thread after every pass that ran to the end.</summary>
    event Action<CompletedPass>? PassCompleted;
}
