using Google.Protobuf;

namespace Stt.Server.Security;

/// <summary>
/// Declares that a gRPC method opens a live stream: before it runs, the call takes its caller's stream slot and a place
/// under admission control (<see cref="StreamPlacesStep"/>), refused when either is full, and holds them until it ends.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LiveStreamAttribute : Attribute
{
    /// <summary>
    /// A string field of the request that, when set, names a stream already open (which holds its places): such a
    /// request continues that stream and takes no places. Null: every call opens a stream.
    /// </summary>
    public string? ContinuedBy { get; init; }

    /// <summary>True when <paramref name="request"/> continues an open stream instead of opening one.</summary>
    public bool Continues(object? request) =>
        ContinuedBy is { } field
        && request is IMessage message
        && message.Descriptor.FindFieldByName(field)?.Accessor.GetValue(message) is string { Length: > 0 };
}
