namespace Stt.Core.Inference;

/// <summary>A queued pass and the task its caller awaits.</summary>
/// <remarks>It holds its own lease on its model (<see cref="Models.ModelLease.Share"/>) until it completes, however it completes.</remarks>
internal sealed class QueuedPass(InferenceRequest request, CancellationToken cancellationToken)
{
    private readonly Models.ModelLease? _model = request.Model?.Share();

    private readonly TaskCompletionSource<Transcript?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InferenceRequest Request { get; } = request;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>When it was queued (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    public long QueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Set by the scheduler when it aborts this running interim to make room for a final.</summary>
    public bool Preempted { get; set; }

    public Task<Transcript?> Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    public void Succeed(Transcript? transcript)
    {
        Registration.Dispose();
        _model?.Dispose();
        _completion.TrySetResult(transcript);
    }

    public void Cancel()
    {
        Registration.Dispose();
        _model?.Dispose();
        _completion.TrySetCanceled(CancellationToken);
    }

    public void Fail(Exception exception)
    {
        Registration.Dispose();
        _model?.Dispose();
        _completion.TrySetException(exception);
    }
}
