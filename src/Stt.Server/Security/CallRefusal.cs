namespace Stt.Server.Security;

/// <summary>Why <see cref="CallGuard"/> turned a call away; each front door maps it onto its own wire.</summary>
internal enum CallRefusal
{
    /// <summary>The server is shutting down.</summary>
    Draining,

    /// <summary>No API key, or one that is not configured: the same answer for both.</summary>
    Unauthenticated,

    /// <summary>The caller started too many calls this minute.</summary>
    RateLimited,

    /// <summary>The caller holds as many live streams as it may.</summary>
    StreamLimit,

    /// <summary>The caller has as many files in transcription as it may.</summary>
    FileLimit,

    /// <summary>Admission control: one more live stream could not be served on time.</summary>
    OverCapacity,

    /// <summary>The model the call named is loading, failed to load, or has no room in the memory budget.</summary>
    ModelUnavailable,
}
