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
    private readonly long _openedAt; // timestamps of the clock: monotonic, so a change of the wall clock moves no deadline
    private long _lastActivity;

    public StreamLifetime(StreamLifetimeOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        _openedAt = clock.GetTimestamp();
        _lastActivity = _openedAt;
    }

    /// <summary>Time until the nearer of the idle deadline and the maximum duration; zero once one has passed.</summary>
    public TimeSpan TimeLeft
    {
        get
        {
            var (idle, longest) = Remaining();
            var left = idle < longest ? idle : longest;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Audio arrived: the idle timeout starts again.</summary>
    public void RecordActivity() => Interlocked.Exchange(ref _lastActivity, _clock.GetTimestamp());

    /// <summary>
    /// Why the stream ends when its wait for audio has run out: <see cref="StreamEndReason.Draining"/> while the server
    /// drains, else whichever deadline comes first (the maximum duration when they coincide).
    /// </summary>
    public StreamEndReason EndReason(bool draining)
    {
        if (draining)
        {
            return StreamEndReason.Draining;
        }

        var (idle, longest) = Remaining();
        return idle < longest ? StreamEndReason.Idle : StreamEndReason.MaxDuration;
    }

    /// <summary>Why the stream should end now, or null while it may go on.</summary>
    public StreamEndReason? Due(bool draining) =>
        draining || TimeLeft == TimeSpan.Zero ? EndReason(draining) : null;

    /// <summary>Time left, at one instant, until the idle deadline and until the maximum duration (negative once passed).</summary>
    private (TimeSpan Idle, TimeSpan Longest) Remaining()
    {
        var now = _clock.GetTimestamp();
        return (_options.IdleTimeout - _clock.GetElapsedTime(Interlocked.Read(ref _lastActivity), now),
            _options.MaxDuration - _clock.GetElapsedTime(_openedAt, now));
    }
}
