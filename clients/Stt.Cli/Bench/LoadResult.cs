namespace Stt.Cli.Bench;

/// <summary>What N concurrent streams measured; <see cref="EstimatedCapacity"/> is the server's own estimate when they ended.</summary>
internal sealed record LoadResult(
    int Streams,
    Percentiles FinalLatencyMs,
    Percentiles FirstInterimMs,
    Percentiles InterimGapMs,
    double RealTimeFactor,
    int Errors,
    int Rejected,
    double MaxSendLagMs,
    double? ServerCpuPerAudioSecond,
    double? IdleRssMb,
    double? PeakRssMb,
    double AudioSeconds,
    double InferenceSeconds,
    Percentiles RejectionMs,
    IReadOnlyList<string> ErrorMessages,
    int? EstimatedCapacity = null)
{
    /// <summary>The client fell behind real time: the figures do not describe a real-time load.</summary>
    public bool Invalid => MaxSendLagMs > 500;

    public bool Within(double boundMs) => Errors == 0 && Rejected == 0 && !Invalid && FinalLatencyMs.Count > 0 && FinalLatencyMs.P95 <= boundMs;
}
