namespace Stt.Core.Inference;

/// <summary>A queued pass and the task its caller awaits.</summary>
internal sealed class InferenceJob(InferenceRequest request, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<Transcript?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InferenceRequest Request { get; } = request;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public CancellationTokenRegistration Registration { get; set; }

    public Task<Transcript?> Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    public void Succeed(Transcript? transcript)
    {
        Registration.Dispose();
        _completion.TrySetResult(transcript);
    }

    public void Cancel()
    {
        Registration.Dispose();
        _completion.TrySetCanceled(CancellationToken);
    }

    public void Fail(Exception exception)
    {
        Registration.Dispose();
        _completion.TrySetException(exception);
    }
}
