using Stt.Audio;

namespace Stt.Core.Streaming;

/// <summary>
/// Whether a stream's audio arrives at the pace it was spoken. A stream more than <see cref="Slack"/> ahead of the
/// wall clock since its first audio is sent faster than real time (a recording sent as fast as the server takes
/// it): still served, but its finals queue behind its own audio, so their latency is not a live latency. Time is the
/// <see cref="TimeProvider"/>'s, so a test drives it with a fake clock instead of sending audio at real time.
/// </summary>
/// <param name="clock">The stream's clock.</param>
public sealed class StreamPace(TimeProvider clock)
{
    /// <summary>How far ahead of real time a live sender may be (a buffer flushed after a network stall).</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    private long _firstAt;
    private long _samples;

    /// <summary>Audio received so far.</summary>
    public TimeSpan Received => AudioTime.FromSamples(Volatile.Read(ref _samples));

    /// <summary>True while the audio received is no more than <see cref="Slack"/> ahead of the time since the first of it.</summary>
    public bool IsRealTime
    {
        get
        {
            var first = Volatile.Read(ref _firstAt);
            return first == 0 || Received <= clock.GetElapsedTime(first) + Slack;
        }
    }

    /// <summary>Counts audio as it arrives.</summary>
    public void Add(int samples)
    {
        if (Volatile.Read(ref _firstAt) == 0)
        {
            Volatile.Write(ref _firstAt, Math.Max(1, clock.GetTimestamp())); // 0 means no audio yet
        }

        Interlocked.Add(ref _samples, samples);
    }
}
