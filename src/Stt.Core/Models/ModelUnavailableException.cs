namespace Stt.Core.Models;

/// <summary>
/// The model a request named cannot serve it now: still loading, failed to load, or no room in the memory budget.
/// Trying again later, or on another replica, may help.
/// </summary>
public sealed class ModelUnavailableException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>When to try again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
