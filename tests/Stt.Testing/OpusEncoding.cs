using Concentus;
using Concentus.Enums;
using Stt.Core.Audio;

namespace Stt.Testing;

/// <summary>Encodes 16 kHz mono samples into raw Opus packets with Concentus, as a client would.</summary>
public static class OpusEncoding
{
    /// <summary>Packets of <paramref name="frameMs"/> ms, encoded at <paramref name="sampleRate"/> Hz (the audio is resampled up first).</summary>
    public static List<byte[]> Encode(float[] samples16k, int sampleRate = 48000, int frameMs = 20, int channels = 1)
    {
        var audio = sampleRate == AudioTime.SampleRate ? samples16k : Resample(samples16k, sampleRate);
        var encoder = OpusCodecFactory.CreateEncoder(sampleRate, channels, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.Bitrate = 24000 * channels;
        var frame = sampleRate * frameMs / 1000;
        var packets = new List<byte[]>();
        var buffer = new byte[1275];
        var pcm = new float[frame * channels];
        for (var offset = 0; offset < audio.Length; offset += frame)
        {
            Array.Clear(pcm);
            for (var i = 0; i < frame && offset + i < audio.Length; i++)
            {
                for (var c = 0; c < channels; c++)
                {
                    pcm[(i * channels) + c] = audio[offset + i];
                }
            }

            var length = encoder.Encode(pcm, frame, buffer, buffer.Length);
            packets.Add(buffer[..length]);
        }

        return packets;
    }

    private static float[] Resample(float[] samples16k, int rate)
    {
        var resampler = ResamplerFactory.CreateResampler(1, AudioTime.SampleRate, rate, 5);
        var output = new float[(samples16k.Length * (long)rate / AudioTime.SampleRate) + 1024];
        int inLength = samples16k.Length, outLength = output.Length;
        resampler.Process(0, samples16k.ToArray(), ref inLength, output, ref outLength);
        return output[..outLength];
    }
}
