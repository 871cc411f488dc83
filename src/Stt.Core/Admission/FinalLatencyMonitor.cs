namespace Stt.Core.Admission;

/// <summary>
/// Final latencies of the recent past (a sliding window) and their 95th percentile; also kept by the load they were
/// measured at (<see cref="ByLoad"/>, over ten windows), for the capacity estimate.
/// </summary>
public sealed class FinalLatencyMonitor(TimeProvider time, TimeSpan window)
{
    /// <summary>Latencies by the number of live streams at the time.</summary>
    public LatencyByLoad ByLoad { get; } = new(time, window * 10);

    /// <summary>Live streams now (set by admission control); latencies are filed under it.</summary>
    public Func<int>? CurrentLoad { get; set; }

    private const int MinSamples = 5;
    private readonly Queue<(long At, double Seconds)> _samples = new();
    private readonly Lock _gate = new();

    /// <summary>Records the latency of one final.</summary>
    public void Record(TimeSpan latency)
    {
        lock (_gate)
        {
            _samples.Enqueue((time.GetTimestamp(), latency.TotalSeconds));
            Expire();
        }

        if (CurrentLoad?.Invoke() is { } streams)
        {
            ByLoad.Record(streams, latency);
        }
    }

    /// <summary>p95 of the window, or null with fewer than a handful of finals in it.</summary>
    public TimeSpan? P95()
    {
        lock (_gate)
        {
            Expire();
            if (_samples.Count < MinSamples)
            {
                return null;
            }

            return TimeSpan.FromSeconds(LatencyByLoad.P95(_samples.Select(s => s.Seconds)));
        }
    }

    private void Expire()
    {
        var now = time.GetTimestamp();
        while (_samples.Count > 0 && time.GetElapsedTime(_samples.Peek().At, now) > window)
        {
            _samples.Dequeue();
        }
    }
}
