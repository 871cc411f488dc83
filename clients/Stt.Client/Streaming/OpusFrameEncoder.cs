using Concentus;
using Concentus.Enums;
using Stt.Audio;

namespace Stt.Client.Streaming;

/// <summary>
/// Encodes 16 kHz mono samples, in chunks of any size, into 20 ms Opus packets: what does not fill a frame waits for
/// the next chunk, and <see cref="Flush"/> pads the last one with silence. One encoder per stream, so Opus keeps its
/// state across the packets as a live sender's does.
/// </summary>
internal sealed class OpusFrameEncoder
{
    private readonly IOpusEncoder _encoder;
    private readonly float[] _frame = new float[OpusPacketizer.FrameSamples];
    private readonly byte[] _packet = new byte[OpusRates.MaxPacketBytes];
    private int _filled;

    public OpusFrameEncoder(int bitrate)
    {
        _encoder = OpusCodecFactory.CreateEncoder(OpusPacketizer.SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        _encoder.Bitrate = bitrate;
    }

    /// <summary>The packets that <paramref name="samples"/> complete (none while less than 20 ms has come).</summary>
    public List<byte[]> Add(ReadOnlySpan<float> samples)
    {
        var packets = new List<byte[]>((_filled + samples.Length) / _frame.Length);
        while (!samples.IsEmpty)
        {
            var take = Math.Min(_frame.Length - _filled, samples.Length);
            samples[..take].CopyTo(_frame.AsSpan(_filled));
            _filled += take;
            samples = samples[take..];
            if (_filled == _frame.Length)
            {
                packets.Add(EncodeFrame());
            }
        }

        return packets;
    }

    /// <summary>The last packet, padded with silence, when samples are waiting; otherwise none.</summary>
    public List<byte[]> Flush()
    {
        if (_filled == 0)
        {
            return [];
        }

        Array.Clear(_frame, _filled, _frame.Length - _filled);
        return [EncodeFrame()];
    }

    private byte[] EncodeFrame()
    {
        var length = _encoder.Encode(_frame, _frame.Length, _packet, _packet.Length);
        _filled = 0;
        return _packet[..length];
    }
}
