using Google.Protobuf;
using Stt.V1;

namespace Stt.Client;

/// <summary>Audio messages of a live stream that carry 20 ms Opus packets.</summary>
public static class OpusMessages
{
    /// <summary>The audio one packet carries: 20 ms.</summary>
    public static readonly TimeSpan PacketDuration = TimeSpan.FromMilliseconds(20);

    /// <summary>An audio message carrying these packets.</summary>
    public static StreamingTranscribeRequest Of(IEnumerable<byte[]> packets) => new() { Audio = ChunkOf(packets) };

    /// <summary>The audio chunk of these packets, as a stream's message or a browser session's push carries it.</summary>
    public static AudioChunk ChunkOf(IEnumerable<byte[]> packets)
    {
        var opus = new OpusPackets();
        opus.Packets.AddRange(packets.Select(ByteString.CopyFrom));
        return new AudioChunk { Opus = opus };
    }

    /// <summary>Messages of <paramref name="packetsPerMessage"/> packets each (the last may hold fewer), with the audio each carries.</summary>
    public static IEnumerable<(StreamingTranscribeRequest Message, TimeSpan Duration)> Chunk(IEnumerable<byte[]> packets, int packetsPerMessage) =>
        packets.Chunk(packetsPerMessage).Select(chunk => (Of(chunk), DurationOf(chunk.Length)));

    /// <summary>The audio <paramref name="packets"/> packets carry.</summary>
    public static TimeSpan DurationOf(int packets) => packets * PacketDuration;
}
