namespace Stt.Core.Streaming;

/// <summary>
/// The rules by which the server ends a live stream its client has not closed: no audio for the idle timeout, the
/// maximum duration reached, or the server draining. One per stream: its owner records each arrival of audio, waits
/// for more at most <see cref="TimeLeft"/>, and asks <see cref="EndReason"/> (or, polling, <see cref="Due"/>) why it ends.
/// Safe to read from one thread while another records activity.
/// </summary>
public sealed class StreamLifetime
{
    private readonly StreamLifetimeOptions _options;
    private readonly TimeProvider _clock;
    private long _lastActivityTicks;

    public StreamLifetime(StreamLifetimeOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        OpenedAt = clock.GetUtcNow();
        _lastActivityTicks = OpenedAt.UtcTicks;
    }

    /// <summary>When the stream opened.</summary>
    public DateTimeOffset OpenedAt { get; }

    /// <summary>When audio last arrived (or the stream opened).</summary>
    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    /// <summary>Time until the nearer of the idle deadline and the maximum duration; zero once one has passed.</summary>
    public TimeSpan TimeLeft
    {
        get
        {
            var left = Min(IdleDeadline, MaxDeadline) - _clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    private DateTimeOffset IdleDeadline => LastActivity + _options.IdleTimeout;

    private DateTimeOffset MaxDeadline => OpenedAt + _options.MaxDuration;

    /// <summary>Audio arrived: the idle timeout starts again.</summary>
    public void RecordActivity() => Interlocked.Exchange(ref _lastActivityTicks, _clock.GetUtcNow().UtcTicks);

    /// <summary>
    /// Why the stream ends when its wait for audio has run out: <see cref="StreamEndReason.Draining"/> while the server
    /// drains, else whichever deadline comes first (the maximum duration when they coincide).
    /// </summary>
    public StreamEndReason EndReason(bool draining) =>
        draining ? StreamEndReason.Draining
        : IdleDeadline < MaxDeadline ? StreamEndReason.Idle
        : StreamEndReason.MaxDuration;

    /// <summary>Why the stream should end now, or null while it may go on.</summary>
    public StreamEndReason? Due(bool draining) =>
        draining || TimeLeft == TimeSpan.Zero ? EndReason(draining) : null;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
