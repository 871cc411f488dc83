using Microsoft.Extensions.Time.Testing;

namespace Stt.Server.Tests.OpenAi;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts its armed timers (made, neither fired nor disposed), so that a test
/// knows a loop has set its next wait before it moves the clock on.
/// </summary>
internal sealed class TimerWatchingClock : FakeTimeProvider
{
    private int _armed;

    /// <summary>Timers made and neither fired nor disposed yet.</summary>
    public int ArmedTimers => Volatile.Read(ref _armed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this);
        timer.Inner = base.CreateTimer(s =>
        {
            timer.Done();
            callback(s);
        }, state, dueTime, period);
        return timer;
    }

    private sealed class WatchedTimer : ITimer
    {
        private readonly TimerWatchingClock _clock;
        private int _done;

        public WatchedTimer(TimerWatchingClock clock)
        {
            _clock = clock;
            Interlocked.Increment(ref clock._armed);
        }

        public ITimer Inner { get; set; } = null!;

        /// <summary>Fired or disposed: no longer armed. Counted once, whichever comes first.</summary>
        public void Done()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref _clock._armed);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => Inner.Change(dueTime, period);

        public void Dispose()
        {
            Done();
            Inner.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            Done();
            await Inner.DisposeAsync();
        }
    }
}
