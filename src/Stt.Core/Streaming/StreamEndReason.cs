namespace Stt.Core.Streaming;

/// <summary>Why the server ended a live stream its client had not closed.</summary>
public enum StreamEndReason
{
    /// <summary>No audio came for <see cref="StreamLifetimeOptions.IdleTimeout"/>.</summary>
    Idle,

    /// <summary>The stream reached <see cref="StreamLifetimeOptions.MaxDuration"/>.</summary>
    MaxDuration,

    /// <summary>The server is shutting down.</summary>
    Draining,

    /// <summary>
    /// The client has not read what the stream sent it for <see cref="StreamLifetimeOptions.IdleTimeout"/> (a door that
    /// stops reading a client that does not read, the Realtime session's, says so).
    /// </summary>
    ClientNotReading,
}
