namespace Stt.Core.Admission;

/// <summary>
/// Final latencies of the live streams open now, over a sliding window, and their 95th percentile. A stream's
/// latencies are forgotten when it ends: a refusal must rest on what the streams being served are living through,
/// not on a stream that has gone (whose latency may have been its own doing, such as audio sent in a burst).
/// </summary>
public sealed class FinalLatencyMonitor(TimeProvider time, TimeSpan window)
{
    private const int MinSamples = 5;
    private readonly Dictionary<object, Queue<(long At, double Seconds)>> _streams = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    /// <summary>Records the latency of one final of <paramref name="stream"/>.</summary>
    public void Record(object stream, TimeSpan latency)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(stream, out var samples))
            {
                _streams[stream] = samples = new Queue<(long, double)>();
            }

            samples.Enqueue((time.GetTimestamp(), latency.TotalSeconds));
        }
    }

    /// <summary>Forgets a stream that ended.</summary>
    public void Forget(object stream)
    {
        lock (_gate)
        {
            _streams.Remove(stream);
        }
    }

    /// <summary>Finals recorded by the open streams (in the window or not yet expired by a <see cref="P95"/>).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _streams.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>p95 of the open streams' finals in the window, or null with fewer than a handful of them.</summary>
    public TimeSpan? P95()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            foreach (var samples in _streams.Values)
            {
                while (samples.Count > 0 && time.GetElapsedTime(samples.Peek().At, now) > window)
                {
                    samples.Dequeue();
                }
            }

            var recent = _streams.Values.SelectMany(s => s.Select(x => x.Seconds)).Order().ToArray();
            return recent.Length < MinSamples ? null : TimeSpan.FromSeconds(recent[(int)Math.Ceiling(0.95 * recent.Length) - 1]);
        }
    }
}
