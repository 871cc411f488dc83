using Concentus;
using Stt.Audio;

namespace Stt.Testing;

/// <summary>Resamples 16 kHz test audio up to the rate a client would capture at.</summary>
public static class Upsampler
{
    /// <summary>16 kHz mono to <paramref name="rate"/> Hz mono.</summary>
    public static float[] From16k(float[] samples16k, int rate)
    {
        if (rate == AudioTime.SampleRate)
        {
            return samples16k;
        }

        var resampler = ResamplerFactory.CreateResampler(1, AudioTime.SampleRate, rate, 5);
        var output = new float[(int)(samples16k.LongLength * rate / AudioTime.SampleRate) + 1024];
        int inLength = samples16k.Length, outLength = output.Length;
        resampler.Process(0, samples16k.ToArray(), ref inLength, output, ref outLength);
        return output[..outLength];
    }
}
