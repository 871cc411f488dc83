namespace Stt.Core.Admission;

/// <summary>
/// What one live stream costs the model, measured: core-seconds of final passes per second of live stream,
/// both summed with an exponential decay (time constant: the measurement window) so the estimate follows the
/// current mix of speakers, languages and silence.
/// </summary>
public sealed class StreamCostEstimator(TimeProvider time, TimeSpan window)
{
    /// <summary>Stream-seconds needed before the estimate is trusted.</summary>
    private const double MinStreamSeconds = 20;
    private readonly Lock _gate = new();
    private double _coreSeconds;
    private double _streamSeconds;
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

    /// <summary>Core-seconds of finals per stream-second, or null before enough has been seen.</summary>
    public double? CostPerStreamSecond
    {
        get
        {
            lock (_gate)
            {
                Advance();
                return _streamSeconds >= MinStreamSeconds * Decay(0) ? _coreSeconds / _streamSeconds : null;
            }
        }
    }

    public void StreamStarted() => Change(+1);

    public void StreamEnded() => Change(-1);

    /// <summary>Adds the cost of a final pass.</summary>
    public void FinalPass(double coreSeconds)
    {
        lock (_gate)
        {
            Advance();
            _coreSeconds += coreSeconds;
        }
    }

    private void Change(int delta)
    {
        lock (_gate)
        {
            Advance();
            _streams += delta;
        }
    }

    // Ages the sums to now and adds the stream-seconds lived since the last update.
    private void Advance()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
        var decay = Decay(elapsed);
        _coreSeconds *= decay;
        _streamSeconds = (_streamSeconds * decay) + (_streams * elapsed);
    }

    private double Decay(double seconds) => Math.Exp(-seconds / window.TotalSeconds);
}
