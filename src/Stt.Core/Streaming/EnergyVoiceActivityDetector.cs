namespace Stt.Core.Streaming;

/// <summary>
/// Energy-based voice activity: a frame is speech when its level is well above an adaptive noise floor and
/// above an absolute minimum. The floor follows quiet frames quickly and loud frames slowly, so steady
/// background noise is learned and not mistaken for speech.
/// </summary>
public sealed class EnergyVoiceActivityDetector(double thresholdAboveNoiseDb, double minSpeechDbfs) : IVoiceActivityDetector
{
    private const double InitialNoiseFloorDb = -60;
    private double _noiseFloorDb = InitialNoiseFloorDb;

    /// <summary>The current noise-floor estimate, dBFS.</summary>
    public double NoiseFloorDb => _noiseFloorDb;

    /// <inheritdoc />
    public bool IsSpeech(ReadOnlySpan<float> frame)
    {
        var level = LevelDbfs(frame);
        var speech = level >= minSpeechDbfs && level >= _noiseFloorDb + thresholdAboveNoiseDb;

        // Fall fast to quieter levels, rise slowly (and slower still during speech).
        var rate = level < _noiseFloorDb ? 0.3 : speech ? 0.002 : 0.05;
        _noiseFloorDb += (level - _noiseFloorDb) * rate;
        return speech;
    }

    /// <summary>Root-mean-square level of a frame in dB relative to full scale (-100 for silence).</summary>
    public static double LevelDbfs(ReadOnlySpan<float> frame)
    {
        if (frame.IsEmpty)
        {
            return -100;
        }

        double sum = 0;
        foreach (var s in frame)
        {
            sum += s * s;
        }

        var rms = Math.Sqrt(sum / frame.Length);
        return rms <= 1e-5 ? -100 : 20 * Math.Log10(rms);
    }
}
