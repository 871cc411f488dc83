namespace Stt.Server.Security;

/// <summary>
/// What a call did, for its log line: seconds of audio it brought and segments it returned. The handler leaves it
/// with the call (<see cref="CallFeatures.SetOutcome(HttpContext, CallOutcome)"/>); the log reads it when the call ends.
/// </summary>
internal sealed record CallOutcome(double AudioSeconds, int Segments)
{
    public static readonly CallOutcome None = new(0, 0);
}
