using System.Buffers.Binary;
using Google.Protobuf;
using Stt.Testing;
using Stt.V1;

namespace Stt.Abuse.Report.Audio;

/// <summary>The audio the attacks send: real Opus packets of jfk speech and of silence, a short WAV, quiet PCM.</summary>
internal static class AttackAudio
{
    private static readonly Lazy<List<byte[]>> Speech48k = new(() => OpusEncoding.Encode(TestSpeech.Jfk.Samples[..16000], 48000));

    /// <summary>One real 20 ms Opus packet of speech, encoded at 48 kHz.</summary>
    public static byte[] SpeechPacket => Speech48k.Value[25];

    /// <summary>The first 200 ms of jfk speech as 20 ms Opus packets at 48 kHz.</summary>
    public static IReadOnlyList<byte[]> SpeechPackets => Speech48k.Value[..10];

    /// <summary>A small real Opus packet: 20 ms of silence, encoded at 48 kHz.</summary>
    public static byte[] SilencePacket { get; } = OpusEncoding.Encode(new float[320], 48000)[0];

    /// <summary>The first 2 s of jfk speech as a 16 kHz WAV file.</summary>
    public static byte[] ShortWav() => WavWriter.Write(TestSpeech.Jfk.Samples[..32000], 16000);

    /// <summary>One real packet followed by <paramref name="empty"/> empty packets (each one a lost packet to conceal).</summary>
    public static List<ByteString> RealThenEmpty(int empty)
    {
        var packets = new List<ByteString>(empty + 1) { ByteString.CopyFrom(SpeechPacket) };
        packets.AddRange(Enumerable.Repeat(ByteString.Empty, empty));
        return packets;
    }

    /// <summary>An audio chunk carrying <paramref name="packets"/>.</summary>
    public static AudioChunk Chunk(IEnumerable<ByteString> packets)
    {
        var opus = new OpusPackets();
        opus.Packets.AddRange(packets);
        return new AudioChunk { Opus = opus };
    }

    /// <summary>Quiet noise as 16-bit little-endian PCM (no speech: it never reaches the model).</summary>
    public static byte[] QuietPcm(int samples, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), (short)random.Next(-16, 17));
        }

        return bytes;
    }
}
