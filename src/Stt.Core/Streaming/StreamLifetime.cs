namespace Stt.Core.Streaming;

/// <summary>
/// The rules by which the server ends a live stream its client has not closed, and the moment they do: no audio for the
/// idle timeout, the maximum duration reached, or the server draining (after a grace in which audio already on its way
/// is still taken). One per stream, for every front door: its owner records each arrival of audio, waits on
/// <see cref="Ended"/> (a token the stream's <see cref="TimeProvider"/> cancels when its time is up, moved by each
/// arrival), and asks <see cref="EndReason"/> why it ended. While the owner is taking audio (<see cref="Busy"/>: a fast
/// sender held back by its finals) the idle clock does not run out. Safe to use from one thread while others record
/// activity or start the drain.
/// </summary>
public sealed class StreamLifetime : IDisposable
{
    /// <summary>Longest wait a timer takes (24 days, under its limit of 2^31 ms): the most <see cref="StreamLifetimeOptions"/> allows.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromDays(24);

    private readonly StreamLifetimeOptions _options;
    private readonly TimeProvider _clock;
    private readonly long _openedAt; // timestamps of the clock: monotonic, so a change of the wall clock moves no deadline
    private readonly Lock _timer = new();
    private CancellationTokenSource _ended;
    private long _lastActivity;
    private long? _drainEndsAt;
    private int _busy;
    private bool _disposed;

    public StreamLifetime(StreamLifetimeOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        _openedAt = clock.GetTimestamp();
        _lastActivity = _openedAt;
        _ended = new CancellationTokenSource(Capped(TimeLeft), clock);
    }

    /// <summary>
    /// Cancelled when the stream's time is up: at the nearer of the idle deadline and the maximum duration (each
    /// <see cref="RecordActivity"/> moves it), or at the end of the drain's grace (<see cref="Drain"/>). A token that
    /// fired just before activity moved the deadline is replaced: read this again for each wait.
    /// </summary>
    public CancellationToken Ended
    {
        get
        {
            lock (_timer)
            {
                if (_ended.IsCancellationRequested && !_disposed && Left() is var left && left > TimeSpan.Zero)
                {
                    _ended = new CancellationTokenSource(Capped(left), _clock);
                }

                return _ended.Token;
            }
        }
    }

    /// <summary>True once a deadline has passed: the idle timeout (not while <see cref="Busy"/>), the maximum duration, or the drain's grace.</summary>
    public bool IsOver
    {
        get
        {
            lock (_timer)
            {
                return Left() <= TimeSpan.Zero;
            }
        }
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

    /// <summary>
    /// Completes when the stream's time is up (<see cref="IsOver"/>), waiting again when <see cref="Ended"/> fired just as
    /// activity moved the deadline; cancelled with <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task WhenOverAsync(CancellationToken cancellationToken)
    {
        while (!IsOver)
        {
            var over = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (Ended.Register(() => over.TrySetResult()))
            {
                await over.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Audio arrived: the idle timeout starts again.</summary>
    public void RecordActivity()
    {
        Interlocked.Exchange(ref _lastActivity, _clock.GetTimestamp());
        Rearm();
    }

    /// <summary>
    /// The owner is taking audio until the scope is disposed (it may wait: back-pressure on a fast sender is not
    /// silence); meanwhile only the maximum duration and the drain end the stream. Disposing records no activity.
    /// </summary>
    public IDisposable Busy()
    {
        Interlocked.Increment(ref _busy);
        Rearm();
        return new BusyScope(this);
    }

    /// <summary>The server drains: the stream's time ends in <paramref name="grace"/> at most (zero: now).</summary>
    public void Drain(TimeSpan grace)
    {
        lock (_timer)
        {
            _drainEndsAt = _clock.GetTimestamp() + (long)(grace.TotalSeconds * _clock.TimestampFrequency);
        }

        Rearm();
    }

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

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_timer)
        {
            _disposed = true;
            _ended.Dispose();
        }
    }

    /// <summary>Moves <see cref="Ended"/> to the nearest of the deadlines, as they stand now.</summary>
    private void Rearm()
    {
        CancellationTokenSource ended;
        lock (_timer)
        {
            if (_disposed)
            {
                return;
            }

            ended = _ended;
            var left = Left();
            if (left > TimeSpan.Zero)
            {
                ended.CancelAfter(Capped(left)); // no effect once fired: Ended replaces it when next read
                return;
            }
        }

        try
        {
            ended.Cancel(); // outside the lock: the token's callbacks run here
        }
        catch (ObjectDisposedException)
        {
            // the stream is over
        }
    }

    /// <summary>Time until the nearest deadline in force (the idle one only when not busy); the caller holds the lock.</summary>
    private TimeSpan Left()
    {
        var (idle, longest) = Remaining();
        var left = Volatile.Read(ref _busy) > 0 || idle > longest ? longest : idle;
        if (_drainEndsAt is { } drainEndsAt)
        {
            var grace = _clock.GetElapsedTime(_clock.GetTimestamp(), drainEndsAt);
            left = grace < left ? grace : left;
        }

        return left;
    }

    /// <summary>Time left, at one instant, until the idle deadline and until the maximum duration (negative once passed).</summary>
    private (TimeSpan Idle, TimeSpan Longest) Remaining()
    {
        var now = _clock.GetTimestamp();
        return (_options.IdleTimeout - _clock.GetElapsedTime(Interlocked.Read(ref _lastActivity), now),
            _options.MaxDuration - _clock.GetElapsedTime(_openedAt, now));
    }

    private static TimeSpan Capped(TimeSpan wait) => wait < LongestWait ? wait : LongestWait;

    /// <summary>Ends a <see cref="Busy"/> stretch once.</summary>
    private sealed class BusyScope(StreamLifetime lifetime) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref lifetime._busy);
                lifetime.Rearm();
            }
        }
    }
}
