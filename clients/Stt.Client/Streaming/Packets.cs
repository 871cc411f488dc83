namespace Stt.Client.Streaming;

/// <summary>Times in the caller's audio and the 20 ms packets that carry it.</summary>
internal static class Packets
{
    public static readonly TimeSpan Duration = OpusMessages.PacketDuration;

    public static TimeSpan ToTime(long packets) => packets * Duration;

    /// <summary>The packets wholly before <paramref name="time"/>.</summary>
    public static long Before(TimeSpan time) => time.Ticks / Duration.Ticks;

    /// <summary>The packets that make <paramref name="time"/> of decoded audio (the decoder may hold back a few samples).</summary>
    public static long Round(TimeSpan time) => (long)Math.Round((double)time.Ticks / Duration.Ticks);
}
