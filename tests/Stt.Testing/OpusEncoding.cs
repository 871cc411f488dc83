using Concentus;
using Concentus.Enums;

namespace Stt.Testing;

/// <summary>Encodes 16 kHz mono samples into raw Opus packets with Concentus, as a client would.</summary>
public static class OpusEncoding
{
    /// <summary>Packets of <paramref name="frameMs"/> ms, encoded at <paramref name="sampleRate"/> Hz (the audio is resampled up first).</summary>
    public static List<byte[]> Encode(float[] samples16k, int sampleRate = 48000, int frameMs = 20, int channels = 1)
    {
        var audio = Upsampler.From16k(samples16k, sampleRate);
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
}
