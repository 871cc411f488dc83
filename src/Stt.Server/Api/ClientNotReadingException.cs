namespace Stt.Server.Api;

/// <summary>A live stream's client took no response for the stall timeout: the call ends and frees its places.</summary>
internal sealed class ClientNotReadingException(TimeSpan stallTimeout)
    : Exception($"the client read no response for {stallTimeout.TotalSeconds:F0} s (Stt:Streams:IdleTimeout); the stream was closed");
