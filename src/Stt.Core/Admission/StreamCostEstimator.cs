namespace Stt.Core.Admission;

/// <summary>
/// What live streams cost the model, measured: core-seconds of their final passes per second of audio they sent,
/// both summed with an exponential decay (time constant: the measurement window) so the estimate follows the
/// current mix of speakers, languages and silence. Charged per second of audio, not of wall time, so a stream sent
/// faster than real time costs what its audio costs. Also counts the live streams open now.
/// </summary>
public sealed class StreamCostEstimator(TimeProvider time, TimeSpan window)
{
    /// <summary>Seconds of audio needed before the estimate is trusted.</summary>
    private const double MinAudioSeconds = 20;
    private readonly Lock _gate = new();
    private double _coreSeconds;
    private double _audioSeconds;
    private int _streams;
    private long _last = time.GetTimestamp();

    /// <summary>Live streams counted now.</summary>
    public int Streams
    {
        get
        {
            lock (_gate)
            {
                return _streams;
            }
        }
    }

    /// <summary>Core-seconds of finals per second of live audio, or null before enough audio has been seen.</summary>
    public double? CostPerAudioSecond
    {
        get
        {
            lock (_gate)
            {
                Age();
                return _audioSeconds >= MinAudioSeconds ? _coreSeconds / _audioSeconds : null;
            }
        }
    }

    public void StreamStarted() => Change(+1);

    public void StreamEnded() => Change(-1);

    /// <summary>Adds audio a live stream received.</summary>
    public void AudioReceived(double seconds)
    {
        lock (_gate)
        {
            Age();
            _audioSeconds += seconds;
        }
    }

    /// <summary>Adds the cost of a live stream's final pass.</summary>
    public void FinalPass(double coreSeconds)
    {
        lock (_gate)
        {
            Age();
            _coreSeconds += coreSeconds;
        }
    }

    private void Change(int delta)
    {
        lock (_gate)
        {
            _streams += delta;
        }
    }

    private void Age()
    {
        var now = time.GetTimestamp();
        var decay = Math.Exp(-time.GetElapsedTime(_last, now).TotalSeconds / window.TotalSeconds);
        _last = now;
        _coreSeconds *= decay;
        _audioSeconds *= decay;
    }
}
