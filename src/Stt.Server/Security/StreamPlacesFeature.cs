namespace Stt.Server.Security;

/// <summary>
/// The places a live stream call took (<see cref="StreamPlacesStep"/>). The call holds them until it ends, unless
/// something that outlives it (a browser session) takes them over.
/// </summary>
internal sealed class StreamPlacesFeature(IDisposable places)
{
    private IDisposable? _places = places;

    /// <summary>Hands the places over: the taker releases them. Null when they were taken already.</summary>
    public IDisposable? TakeOver() => Interlocked.Exchange(ref _places, null);

    /// <summary>Releases the places unless they were taken over.</summary>
    public void Release() => TakeOver()?.Dispose();
}
