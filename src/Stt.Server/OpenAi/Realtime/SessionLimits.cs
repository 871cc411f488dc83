namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// How long a session may last (<paramref name="Longest"/>) and stay silent (<paramref name="Idle"/>, since the client's
/// last event). Times are from the start of the session.
/// </summary>
internal sealed record SessionLimits(TimeSpan Idle, TimeSpan Longest)
{
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(1);

    /// <summary>The limit reached at <paramref name="now"/>, the maximum duration first; null when none is.</summary>
    public SessionEnd? Reached(TimeSpan now, TimeSpan lastEvent) =>
        now >= Longest ? SessionEnd.MaxDuration
        : now - lastEvent >= Idle ? SessionEnd.Idle
        : null;

    /// <summary>The wait from <paramref name="now"/> until the next limit, and a little more so that it has passed then; may be negative.</summary>
    public TimeSpan Wait(TimeSpan now, TimeSpan lastEvent)
    {
        var next = lastEvent + Idle < Longest ? lastEvent + Idle : Longest;
        return (next > TimeSpan.Zero ? next : TimeSpan.Zero) - now + Margin;
    }
}
