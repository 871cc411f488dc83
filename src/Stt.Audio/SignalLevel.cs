namespace Stt.Audio;

/// <summary>How loud a stretch of samples is.</summary>
public static class SignalLevel
{
    /// <summary>The level reported for digital silence (and anything below -100 dBFS), in dBFS.</summary>
    public const double Silence = -100;

    /// <summary>Root-mean-square level of <paramref name="samples"/> in dB relative to full scale; <see cref="Silence"/> when empty or silent.</summary>
    public static double Dbfs(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return Silence;
        }

        double sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        var rms = Math.Sqrt(sum / samples.Length);
        return rms <= 1e-5 ? Silence : 20 * Math.Log10(rms);
    }
}
