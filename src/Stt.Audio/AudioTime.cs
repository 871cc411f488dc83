namespace Stt.Audio;

/// <summary>Whisper's sample rate and conversions between sample counts and time.</summary>
public static class AudioTime
{
    /// <summary>Samples per second of everything after decoding: 16 kHz mono.</summary>
    public const int SampleRate = 16000;

    /// <summary>Duration of a number of 16 kHz samples.</summary>
    public static TimeSpan FromSamples(long samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>Duration of a number of samples at <paramref name="rate"/> Hz; does not overflow for any count below 9e11 s of audio.</summary>
    public static TimeSpan FromSamples(long samples, int rate) =>
        TimeSpan.FromTicks((samples / rate * TimeSpan.TicksPerSecond) + (samples % rate * TimeSpan.TicksPerSecond / rate));

    /// <summary>Number of 16 kHz samples in a duration.</summary>
    public static int ToSamples(TimeSpan duration) => (int)(duration.Ticks * SampleRate / TimeSpan.TicksPerSecond);
}
