namespace Stt.Audio;

/// <summary>Conversions from integer PCM to float samples and from interleaved channels to mono.</summary>
public static class PcmSamples
{
    /// <summary>Averages interleaved frames of <paramref name="channels"/> into mono.</summary>
    public static float[] Downmix(ReadOnlySpan<float> interleaved, int channels)
    {
        if (channels == 1)
        {
            return interleaved.ToArray();
        }

        var mono = new float[interleaved.Length / channels];
        for (var frame = 0; frame < mono.Length; frame++)
        {
            float sum = 0;
            for (var c = 0; c < channels; c++)
            {
                sum += interleaved[(frame * channels) + c];
            }

            mono[frame] = sum / channels;
        }

        return mono;
    }

    /// <summary>Reads little-endian signed 16-bit samples as floats in [-1, 1).</summary>
    public static float[] FromInt16(ReadOnlySpan<byte> bytes)
    {
        var samples = new float[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(bytes[2 * i] | (bytes[(2 * i) + 1] << 8)) / 32768f;
        }

        return samples;
    }
}
