namespace Stt.Testing;

/// <summary>A clock tests move by hand: timestamps and UTC time advance only through <see cref="Advance"/>.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks;
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _ticks, by.Ticks);
        _now += by;
    }
}
