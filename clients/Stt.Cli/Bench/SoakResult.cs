namespace Stt.Cli.Bench;

/// <summary>What a soak run found: the server's memory, threads and open handles before and after, and what was left open.</summary>
internal sealed record SoakResult(
    int SequentialStreams,
    int ConcurrentStreams,
    double Minutes,
    int Errors,
    int Rejected,
    ProcessSnapshot Baseline,
    ProcessSnapshot Peak,
    ProcessSnapshot After,
    int StreamsLeftOpen)
{
    /// <summary>No stream left open and no errors: what decides whether the run failed (a fact, whatever the machine's load).</summary>
    public bool Clean => StreamsLeftOpen == 0 && Errors == 0;

    /// <summary>
    /// RSS back within 10% of the baseline, threads and handles within 10% (+4): the benchmark's target, reported as
    /// met or missed (memory depends on the machine and what else runs on it, so it does not fail a run by itself).
    /// </summary>
    public bool ResourcesReturned =>
        After.RssMb <= Baseline.RssMb * 1.10
        && After.Threads <= (Baseline.Threads * 1.10) + 4
        && After.Handles <= (Baseline.Handles * 1.10) + 4;
}

/// <summary>A process's resident memory, thread count and open file descriptors at one moment.</summary>
internal sealed record ProcessSnapshot(double RssMb, int Threads, int Handles);
