using Stt.Core.Streaming;

namespace Stt.Core.Detection;

/// <summary>
/// Silero VAD for one stream. Audio is cut into the model's 32 ms windows (512 samples) and each window is scored
/// as soon as it is complete, so a decision is at most one window behind the audio. The decision has hysteresis, as
/// Silero's own segmenter does: speech starts at a probability of <c>threshold</c> and ends below
/// <c>threshold - 0.15</c>, so a word's quieter middle does not end it. Thread-safe against its own disposal.
/// </summary>
public sealed class SileroVoiceActivityDetector : IVoiceActivityDetector, IDisposable
{
    /// <summary>Samples per model window: 32 ms at 16 kHz.</summary>
    public const int WindowSamples = 512;

    private const float Hysteresis = 0.15f;
    private readonly SileroContextPool _pool;
    private readonly float _startThreshold;
    private readonly float _endThreshold;
    private readonly float[] _window = new float[WindowSamples];
    private readonly Lock _gate = new();
    private nint _context;
    private int _fill;
    private bool _speaking;

    /// <summary>Rents a context from <paramref name="pool"/> for this stream.</summary>
    /// <param name="pool">Where contexts come from and go back to.</param>
    /// <param name="threshold">Speech probability that starts speech, 0 to 1.</param>
    public SileroVoiceActivityDetector(SileroContextPool pool, float threshold)
    {
        _pool = pool;
        _startThreshold = threshold;
        _endThreshold = Math.Max(0.01f, threshold - Hysteresis);
        _context = pool.Rent();
    }

    /// <summary>Speech probability of the last window scored.</summary>
    public float LastProbability { get; private set; }

    /// <summary>Windows scored so far.</summary>
    public long Windows { get; private set; }

    /// <inheritdoc />
    public bool IsSpeech(ReadOnlySpan<float> frame)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_context == 0, this);
            while (!frame.IsEmpty)
            {
                var take = Math.Min(frame.Length, WindowSamples - _fill);
                frame[..take].CopyTo(_window.AsSpan(_fill));
                _fill += take;
                frame = frame[take..];
                if (_fill == WindowSamples)
                {
                    _fill = 0;
                    Score();
                }
            }

            return _speaking;
        }
    }

    /// <summary>Returns the context to the pool.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_context != 0)
            {
                _pool.Return(_context);
                _context = 0;
            }
        }
    }

    private unsafe void Score()
    {
        float probability;
        fixed (float* samples = _window)
        {
            // A failed graph must not read as silence, which would drop words: it reads as speech.
            probability = SileroNative.DetectSpeechNoReset(_context, samples, WindowSamples) && SileroNative.ProbabilityCount(_context) > 0
                ? SileroNative.Probabilities(_context)[0]
                : 1f;
        }

        LastProbability = probability;
        Windows++;
        _speaking = _speaking ? probability >= _endThreshold : probability >= _startThreshold;
    }
}
