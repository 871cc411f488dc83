using Concentus;
using Concentus.Enums;
using Stt.Audio;

namespace Stt.Client;

/// <summary>Encodes 16 kHz mono samples into 20 ms Opus packets with Concentus, as a live client sends them.</summary>
public static class OpusPacketizer
{
    /// <summary>Encoder rate of the packets: 16 kHz (wideband speech; no resampling needed).</summary>
    public const int SampleRate = AudioTime.SampleRate;

    /// <summary>Samples per packet: 20 ms.</summary>
    public const int FrameSamples = SampleRate / 50;

    /// <summary>The packets, the last one padded with silence.</summary>
    public static List<byte[]> Encode(ReadOnlySpan<float> samples, int bitrate = 24000)
    {
        var encoder = OpusCodecFactory.CreateEncoder(SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.Bitrate = bitrate;
        var packets = new List<byte[]>(samples.Length / FrameSamples + 1);
        var frame = new float[FrameSamples];
        var buffer = new byte[OpusRates.MaxPacketBytes];
        for (var offset = 0; offset < samples.Length; offset += FrameSamples)
        {
            var take = Math.Min(FrameSamples, samples.Length - offset);
            samples.Slice(offset, take).CopyTo(frame);
            Array.Clear(frame, take, FrameSamples - take);
            var length = encoder.Encode(frame, FrameSamples, buffer, buffer.Length);
            packets.Add(buffer[..length]);
        }

        return packets;
    }
}
