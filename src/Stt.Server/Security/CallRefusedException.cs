namespace Stt.Server.Security;

/// <summary>A call refused before any work, with a message the caller can act on and, when waiting helps, how long.</summary>
internal sealed class CallRefusedException(CallRefusal reason, string message, TimeSpan? retryAfter) : Exception(message)
{
    public CallRefusal Reason { get; } = reason;

    /// <summary>When to try again, or null when trying again will not help.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The retry hint in whole seconds, as the <c>retry-after</c> header and trailer carry it.</summary>
    public string? RetryAfterSeconds => RetryAfter is { } wait
        ? ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : null;
}
