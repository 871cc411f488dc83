namespace Stt.Core.Admission;

/// <summary>An admitted stream's place; dispose it when the stream ends.</summary>
public sealed class StreamLease : IDisposable
{
    private Action? _release;

    internal StreamLease(Action release) => _release = release;

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
