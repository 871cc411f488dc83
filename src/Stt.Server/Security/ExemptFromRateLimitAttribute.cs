namespace Stt.Server.Security;

/// <summary>
/// Declares that calls to a gRPC method are not counted against the caller's calls per minute
/// (<see cref="RateLimitStep"/>): they are part of something already counted, as pushes are of their session.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ExemptFromRateLimitAttribute : Attribute;
