using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;

namespace Stt.Core.Admission;

/// <summary>
/// Decides whether one more live stream can be served on time, from what is measured rather than a fixed number.
/// A server with no live stream always admits one. Otherwise a new stream is refused when finals are queueing for a
/// worker now (backlog), when the open real-time streams' recent p95 final latency is past its bound, or when the
/// measured cost of live audio (core-seconds of final passes per second of audio) says one more real-time stream
/// would put the streams past the target share of the cores. Nothing measured on streams that have ended counts,
/// except that cost. Interims are not counted: they are thinned under load.
/// </summary>
public sealed class AdmissionController
{
    private readonly IInferenceLoad _load;
    private readonly AdmissionOptions _options;
    private readonly SpeechMetrics _metrics;
    private readonly StreamCostEstimator _cost;
    private readonly Lock _gate = new();

    public AdmissionController(IInferenceLoad load, IOptions<AdmissionOptions> options, SpeechMetrics metrics, LiveStreamMeter meter)
    {
        _load = load;
        _options = options.Value;
        _metrics = metrics;
        Meter = meter;
        _cost = meter.Cost;
        load.PassCompleted += pass =>
        {
            if (pass is { Priority: PassPriority.Final, Live: true })
            {
                _cost.FinalPass(pass.CoreSeconds);
            }
        };
    }

    /// <summary>What live streams report (their transcribers record audio and finals here).</summary>
    public LiveStreamMeter Meter { get; }

    /// <summary>Live streams admitted and not yet ended.</summary>
    public int ActiveStreams => _cost.Streams;

    /// <summary>
    /// Real-time streams the server can carry: the fewer of what the cores carry at the target utilisation (a
    /// real-time stream sends a second of audio per second, at the measured cost per second of audio) and the fixed
    /// ceiling; null while neither is known.
    /// </summary>
    public int? EstimatedCapacity
    {
        get
        {
            int? byCost = _cost.CostPerAudioSecond is > 0 and var cost
                ? Math.Max(1, (int)Math.Floor(Environment.ProcessorCount * _options.TargetUtilization / cost))
                : null;
            int? ceiling = _options.MaxStreams > 0 ? _options.MaxStreams : null;
            return byCost is null ? ceiling : ceiling is null ? byCost : Math.Min(byCost.Value, ceiling.Value);
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
        if (_cost.Streams == 0)
        {
            return null; // an idle server always admits one: whatever it measured before, nobody is waiting on it now
        }

        if (_load.QueuedFinals >= _load.Workers)
        {
            return new AdmissionRefusal("backlog", "the server is at capacity: finals are queueing; try again shortly", TimeSpan.FromSeconds(2));
        }

        if (Meter.Latency.P95() is { } p95 && p95 > _options.FinalLatencyBound)
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
