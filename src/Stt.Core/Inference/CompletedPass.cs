namespace Stt.Core.Inference;

/// <summary>A pass that ran to the end: what it cost, for capacity estimates.</summary>
/// <param name="Priority">Final or interim.</param>
/// <param name="Samples">Audio it transcribed (16 kHz).</param>
/// <param name="Threads">Threads it ran with.</param>
/// <param name="QueueWait">Time between being queued and starting.</param>
/// <param name="Duration">Time it ran.</param>
/// <param name="Live">It was a live stream's pass, not a file's.</param>
public sealed record CompletedPass(PassPriority Priority, int Samples, int Threads, TimeSpan QueueWait, TimeSpan Duration, bool Live = false)
{
    /// <summary>Seconds of audio.</summary>
    public double AudioSeconds => Samples / (double)Audio.AudioTime.SampleRate;

    /// <summary>Thread-seconds spent: an upper bound of the cores it occupied.</summary>
    public double CoreSeconds => Duration.TotalSeconds * Math.Max(1, Threads);
}
