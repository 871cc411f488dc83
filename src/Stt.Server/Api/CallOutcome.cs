namespace Stt.Server.Api;

/// <summary>What a call did, for its log line: seconds of audio it brought and segments it returned.</summary>
internal sealed record CallOutcome(double AudioSeconds, int Segments)
{
    public static readonly CallOutcome None = new(0, 0);
}
