namespace Stt.Core.Admission;

/// <summary>
/// Final latencies remembered by the number of live streams when they were measured, so the server can say how
/// late finals get at a load it has seen, and estimate one step beyond it: at n + 1 streams, the part of the
/// latency above its floor (the endpointing wait, which no load changes) grows by (n + 1) / n. The capacity is
/// the most streams whose p95 stays within the bound. Samples older than the window are forgotten.
/// </summary>
public sealed class LatencyByLoad(TimeProvider time, TimeSpan window)
{
    private const int MinSamples = 5;
    private const int MaxSamplesPerLevel = 200;
    private const int MaxLevel = 1024;
    private readonly Dictionary<int, Queue<(long At, double Seconds)>> _levels = [];
    private readonly Lock _gate = new();

    /// <summary>Records a final's latency measured while <paramref name="streams"/> live streams were open.</summary>
    public void Record(int streams, TimeSpan latency)
    {
        lock (_gate)
        {
            if (!_levels.TryGetValue(Math.Clamp(streams, 1, MaxLevel), out var samples))
            {
                _levels[Math.Clamp(streams, 1, MaxLevel)] = samples = new Queue<(long, double)>();
            }

            samples.Enqueue((time.GetTimestamp(), latency.TotalSeconds));
            while (samples.Count > MaxSamplesPerLevel)
            {
                samples.Dequeue();
            }
        }
    }

    /// <summary>
    /// The most live streams whose p95 final latency is measured, or estimated one step beyond what was
    /// measured, to be within <paramref name="bound"/>; null when nothing has been measured.
    /// </summary>
    public int? Capacity(TimeSpan bound)
    {
        lock (_gate)
        {
            var p95 = new SortedDictionary<int, double>();
            var floor = double.MaxValue;
            var now = time.GetTimestamp();
            foreach (var (level, samples) in _levels)
            {
                while (samples.Count > 0 && time.GetElapsedTime(samples.Peek().At, now) > window)
                {
                    samples.Dequeue();
                }

                if (samples.Count >= MinSamples)
                {
                    p95[level] = P95(samples.Select(s => s.Seconds));
                    floor = Math.Min(floor, samples.Min(s => s.Seconds));
                }
            }

            if (p95.Count == 0)
            {
                return null;
            }

            // The largest level measured within the bound, then one estimated step past the largest level measured.
            var capacity = 0;
            foreach (var (level, seconds) in p95)
            {
                if (seconds > bound.TotalSeconds)
                {
                    return capacity == 0 ? 0 : capacity;
                }

                capacity = level;
            }

            var top = p95.Keys.Last();
            var next = floor + ((p95[top] - floor) * (top + 1) / top);
            return next <= bound.TotalSeconds ? top + 1 : capacity;
        }
    }

    /// <summary>The 95th percentile (nearest rank) of a non-empty sample.</summary>
    internal static double P95(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Ceiling(0.95 * sorted.Length) - 1];
    }
}
