using Stt.Audio;

namespace Stt.Core.Streaming;

/// <summary>
/// Energy-based voice activity: a frame is speech when its level is well above the noise floor and above an
/// absolute minimum. The noise floor is the quietest frame of the last two seconds (minimum statistics):
/// speech always has gaps between words, so the minimum finds the background under it, and steady noise,
/// however loud, becomes the floor within two seconds. Until half a second has been seen a quiet prior floor
/// is used, so speech at the very start of a stream is not missed.
/// </summary>
public sealed class EnergyVoiceActivityDetector(double thresholdAboveNoiseDb, double minSpeechDbfs) : IVoiceActivityDetector
{
    private const int HistoryFrames = 100; // 2 s
    private const int WarmupFrames = 25; // 0.5 s
    private const double PriorNoiseFloorDb = -60;
    private readonly double[] _history = new double[HistoryFrames];
    private int _seen;

    /// <summary>The current noise-floor estimate, dBFS.</summary>
    public double NoiseFloorDb { get; private set; } = PriorNoiseFloorDb;

    /// <inheritdoc />
    public bool IsSpeech(ReadOnlySpan<float> frame)
    {
        var level = SignalLevel.Dbfs(frame);
        _history[_seen % HistoryFrames] = level;
        _seen++;
        var minimum = Min(_history.AsSpan(0, Math.Min(_seen, HistoryFrames)));
        NoiseFloorDb = _seen < WarmupFrames ? Math.Min(PriorNoiseFloorDb, minimum) : minimum;
        return level >= minSpeechDbfs && level >= NoiseFloorDb + thresholdAboveNoiseDb;
    }

    private static double Min(ReadOnlySpan<double> values)
    {
        var min = double.MaxValue;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
        }

        return min;
    }
}
