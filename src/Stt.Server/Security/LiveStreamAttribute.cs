using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Stt.Server.Security;

/// <summary>
/// Declares that a gRPC method opens a live stream: before it runs, the call takes its caller's stream slot and a place
/// under admission control (<see cref="StreamPlacesStep"/>), refused when either is full, and holds them until it ends.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LiveStreamAttribute : Attribute
{
    /// <summary>
    /// The number of a string field of the request (the generated <c>XxxFieldNumber</c> constant) that, when set, names
    /// a stream already open (which holds its places): such a request continues that stream and takes no places.
    /// 0 (the default): every call opens a stream. A number, unlike a name, cannot drift from the contract unnoticed.
    /// </summary>
    public int ContinuedBy { get; init; }

    /// <summary>True when <paramref name="request"/> continues an open stream instead of opening one.</summary>
    /// <exception cref="InvalidOperationException">
    /// The request has no string field <see cref="ContinuedBy"/>: a wrong declaration, which must not quietly make every
    /// continuation take places again.
    /// </exception>
    public bool Continues(object? request)
    {
        if (ContinuedBy == 0 || request is not IMessage message)
        {
            return false;
        }

        var field = message.Descriptor.FindFieldByNumber(ContinuedBy);
        if (field is not { FieldType: FieldType.String, IsRepeated: false })
        {
            throw new InvalidOperationException(
                $"[LiveStream(ContinuedBy = {ContinuedBy})]: {message.Descriptor.FullName} has no string field number {ContinuedBy}");
        }

        return field.Accessor.GetValue(message) is string { Length: > 0 };
    }
}
