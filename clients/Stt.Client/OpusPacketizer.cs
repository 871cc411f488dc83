using Stt.Audio;
using Stt.Client.Streaming;

namespace Stt.Client;

/// <summary>Encodes 16 kHz mono samples into 20 ms Opus packets with Concentus, as a live client sends them.</summary>
public static class OpusPacketizer
{
    /// <summary>Encoder rate of the packets: 16 kHz (wideband speech; no resampling needed).</summary>
    public const int SampleRate = AudioTime.SampleRate;

    /// <summary>Samples per packet: 20 ms.</summary>
    public const int FrameSamples = SampleRate / 50;

    /// <summary>The packets, the last one padded with silence.</summary>
    /// <param name="samples">16 kHz mono samples in [-1, 1].</param>
    /// <param name="bitrate">Opus bitrate, bits per second. Default 24000 (transparent for speech recognition).</param>
    public static List<byte[]> Encode(ReadOnlySpan<float> samples, int bitrate = 24000)
    {
        var encoder = new OpusFrameEncoder(bitrate);
        var packets = encoder.Add(samples);
        packets.AddRange(encoder.Flush());
        return packets;
    }
}
