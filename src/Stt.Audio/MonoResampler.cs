using Concentus;

namespace Stt.Audio;

/// <summary>
/// Streaming mono resampler to 16 kHz over Concentus's Speex resampler. Keeps its filter state between calls,
/// so a stream can be fed in chunks of any size without clicks at the seams.
/// </summary>
public sealed class MonoResampler
{
    private const int Quality = 5; // Speex "desktop" quality: transparent for speech, cheap.
    private readonly IResampler? _resampler;
    private readonly int _inputRate;
    private float[] _output = [];

    /// <summary>Creates a resampler from <paramref name="inputRate"/> Hz to 16 kHz (a pass-through at 16 kHz).</summary>
    public MonoResampler(int inputRate)
    {
        _inputRate = inputRate;
        if (inputRate != AudioTime.SampleRate)
        {
            _resampler = ResamplerFactory.CreateResampler(1, inputRate, AudioTime.SampleRate, Quality);
            _resampler.SkipZeroes();
        }
    }

    /// <summary>Resamples a chunk; the returned span is valid until the next call.</summary>
    public ReadOnlySpan<float> Process(ReadOnlySpan<float> input)
    {
        if (_resampler is null)
        {
            return input;
        }

        var capacity = (int)((long)input.Length * AudioTime.SampleRate / _inputRate) + 64;
        if (_output.Length < capacity)
        {
            _output = new float[capacity];
        }

        // The Speex API takes a writable span for input although it only reads it.
        var source = input.ToArray();
        int consumed = 0, produced = 0;
        while (consumed < source.Length)
        {
            var inLength = source.Length - consumed;
            var outLength = _output.Length - produced;
            _resampler.Process(0, source.AsSpan(consumed), ref inLength, _output.AsSpan(produced), ref outLength);
            consumed += inLength;
            produced += outLength;
            if (inLength == 0 && outLength == 0)
            {
                break;
            }
        }

        return _output.AsSpan(0, produced);
    }

    /// <summary>Resamples a whole buffer at once.</summary>
    public static float[] ToWhisperRate(ReadOnlySpan<float> mono, int inputRate) =>
        new MonoResampler(inputRate).Process(mono).ToArray();
}
