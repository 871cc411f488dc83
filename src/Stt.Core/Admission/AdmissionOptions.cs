namespace Stt.Core.Admission;

/// <summary>When new live streams are refused. Bound from <c>Stt:Admission</c>.</summary>
public sealed record AdmissionOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Admission";

    /// <summary>Refuse streams the server cannot serve on time. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// p95 of recent final latencies above which new streams are refused until it recovers. Default 2 s: finals at the
    /// full encoder context take 0.9 s at p50 and 1.4 s at p95 for one stream of a tiny.en-sized model on 2 cores
    /// (docs/benchmarks.md), so a bound of 1 s would refuse a second stream on that machine.
    /// </summary>
    public TimeSpan FinalLatencyBound { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of the cores the admitted streams' finals may use, by their measured cost. Default 0.6.</summary>
    public double TargetUtilization { get; init; } = 0.6;

    /// <summary>A fixed ceiling on live streams, on top of the measured capacity; 0 = none. Default 0.</summary>
    public int MaxStreams { get; init; }

    /// <summary>How far back the cost and latency measurements look. Default 60 s.</summary>
    public TimeSpan MeasurementWindow { get; init; } = TimeSpan.FromSeconds(60);
}
