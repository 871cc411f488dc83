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
}
