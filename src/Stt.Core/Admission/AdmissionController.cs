using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;

namespace Stt.Core.Admission;

/// <summary>
/// Decides whether one more live stream can be served on time, from what the scheduler measures rather than a
/// fixed number: a new stream is refused when finals are already queueing for a worker (backlog), when the
/// recent p95 final latency is past its bound, or when the admitted streams' measured cost (core-seconds of
/// final passes per stream-second) would put one more stream past the target share of the cores, or when the final
/// latencies measured at each load (one step extrapolated) say one more stream would push their p95 past the bound.
/// Until either is known, only the backlog and latency guards apply. Interims are not counted: they are thinned
/// under load.
/// </summary>
public sealed class AdmissionController
{
    private readonly InferenceScheduler _scheduler;
    private readonly AdmissionOptions _options;
    private readonly SpeechMetrics _metrics;
    private readonly StreamCostEstimator _cost;
    private readonly Lock _gate = new();

    public AdmissionController(InferenceScheduler scheduler, IOptions<AdmissionOptions> options, SpeechMetrics metrics, FinalLatencyMonitor latency, TimeProvider time)
    {
        _scheduler = scheduler;
        _options = options.Value;
        _metrics = metrics;
        Latency = latency;
        _cost = new StreamCostEstimator(time, _options.MeasurementWindow);
        latency.CurrentLoad = () => _cost.Streams;
        scheduler.PassCompleted += pass =>
        {
            if (pass.Priority == JobPriority.Final)
            {
                _cost.FinalPass(pass.CoreSeconds);
            }
        };
    }

    /// <summary>Recent final latencies (sessions record theirs here).</summary>
    public FinalLatencyMonitor Latency { get; }

    /// <summary>Live streams admitted and not yet ended.</summary>
    public int ActiveStreams => _cost.Streams;

    /// <summary>
    /// Streams the server can carry: the fewest of what the cores carry at the target utilisation (by the measured
    /// cost), of how many keep the p95 final latency within its bound (measured by load, one step extrapolated), and
    /// of the fixed ceiling; null while none of them is known.
    /// </summary>
    public int? EstimatedCapacity
    {
        get
        {
            int? byCost = _cost.CostPerStreamSecond is > 0 and var cost
                ? Math.Max(1, (int)Math.Floor(Environment.ProcessorCount * _options.TargetUtilization / cost))
                : null;
            int? byLatency = Latency.ByLoad.Capacity(_options.FinalLatencyBound) is { } n ? Math.Max(1, n) : null;
            int? ceiling = _options.MaxStreams > 0 ? _options.MaxStreams : null;
            var known = new[] { byCost, byLatency, ceiling }.Where(c => c is not null).Select(c => c!.Value).ToList();
            return known.Count > 0 ? known.Min() : null;
        }
    }

    /// <summary>True when a new stream would be refused now.</summary>
    public bool IsRefusing
    {
        get
        {
            lock (_gate)
            {
                return _options.Enabled && Check() is not null;
            }
        }
    }

    /// <summary>Admits a stream (dispose the lease when it ends), or says why not.</summary>
    public bool TryAdmit(out StreamLease? lease, out AdmissionRefusal? refusal)
    {
        lock (_gate)
        {
            refusal = _options.Enabled ? Check() : null;
            if (refusal is not null)
            {
                _metrics.Rejected(refusal.Reason);
                lease = null;
                return false;
            }

            _cost.StreamStarted();
            lease = new StreamLease(_cost.StreamEnded);
            return true;
        }
    }

    private AdmissionRefusal? Check()
    {
        if (_scheduler.QueuedFinals >= _scheduler.Workers)
        {
            return new AdmissionRefusal("backlog", "the server is at capacity: finals are queueing; try again shortly", TimeSpan.FromSeconds(2));
        }

        if (Latency.P95() is { } p95 && p95 > _options.FinalLatencyBound)
        {
            return new AdmissionRefusal("latency", $"the server is at capacity: recent finals took {p95.TotalSeconds:F1} s (bound {_options.FinalLatencyBound.TotalSeconds:F1} s); try again shortly", TimeSpan.FromSeconds(5));
        }

        if (EstimatedCapacity is { } capacity && _cost.Streams >= capacity)
        {
            return new AdmissionRefusal("capacity", $"the server is at capacity: {_cost.Streams} live streams is all it can serve on time; try again later", TimeSpan.FromSeconds(10));
        }

        return null;
    }
}
