using System.Buffers.Binary;
using Stt.Testing;

namespace Stt.Audio.Tests;

public sealed class WebMOpusReaderTests
{
    private const byte XiphLacing = 0x02;
    private const byte FixedSizeLacing = 0x04;

    private static readonly List<byte[]> Packets = OpusEncoding.Encode(
        Enumerable.Range(0, 32000).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 200 * i / 16000))).ToArray());

    [Test]
    public void Read_RecorderStyleFile_DecodesTheOpusTrack()
    {
        var audio = WebMOpusReader.Read(WebMWriter.Write(Packets), AudioBudget.Unlimited);

        Assert.That(audio.Duration.TotalSeconds, Is.EqualTo(2.0 - 0.0065).Within(0.003));
        Assert.That(audio.Format, Does.StartWith("WebM Opus"));
    }

    [Test]
    public void Decode_ByContent_RecognisesWebM()
    {
        Assert.That(AudioFileDecoder.Decode(WebMWriter.Write(Packets), AudioBudget.Unlimited).Format, Does.StartWith("WebM"));
    }

    [Test]
    public void Read_NoOpusTrack_SaysWhichCodecsItHas()
    {
        var error = Assert.Throws<InvalidAudioException>(() => WebMOpusReader.Read(WebMWriter.Write(Packets, codec: "A_VORBIS"), AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("no Opus audio track").And.Contain("A_VORBIS"));
    }

    [Test]
    public void Read_XiphLacedBlock_DecodesEveryFrame()
    {
        var frames = new[] { Packets[1], Packets[2] };
        byte[] lacing = [(byte)(frames.Length - 1), .. XiphSize(frames[0].Length)];

        var audio = WebMOpusReader.Read(WithLacedBlock(XiphLacing, lacing, frames), AudioBudget.Unlimited);

        Assert.That(audio.Duration.TotalSeconds, Is.EqualTo(2.0 + 0.04 - 0.0065).Within(0.003), "two more 20 ms frames");
    }

    [Test]
    public void Read_FixedSizeLacedBlock_DecodesEveryFrame()
    {
        var frames = new[] { Packets[1], Packets[1], Packets[1] };

        var audio = WebMOpusReader.Read(WithLacedBlock(FixedSizeLacing, [(byte)(frames.Length - 1)], frames), AudioBudget.Unlimited);

        Assert.That(audio.Duration.TotalSeconds, Is.EqualTo(2.0 + 0.06 - 0.0065).Within(0.003), "three more 20 ms frames");
    }

    [Test]
    public void Read_FixedSizeLacingNotDividingTheBlock_Throws()
    {
        byte[][] frames = [Packets[1], Packets[1], [.. Packets[1], 0]]; // one byte more than three equal frames

        var error = Assert.Throws<InvalidAudioException>(() => WebMOpusReader.Read(WithLacedBlock(FixedSizeLacing, [(byte)(frames.Length - 1)], frames), AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.StartWith("WebM block at byte").And.Contain("fixed-size lacing"));
    }

    [Test]
    public void Read_Truncated_Throws()
    {
        var file = WebMWriter.Write(Packets);

        var error = Assert.Throws<InvalidAudioException>(() => WebMOpusReader.Read(file.AsMemory(0, file.Length - 7), AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("truncated"));
    }

    [Test]
    public void Read_Garbage_Throws()
    {
        var garbage = new byte[3000];
        new Random(4).NextBytes(garbage);
        new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }.CopyTo(garbage, 0);

        Assert.Throws<InvalidAudioException>(() => WebMOpusReader.Read(garbage, AudioBudget.Unlimited));
    }

    [Test]
    public void Read_XiphLacingRunOverflowingInt_ThrowsInvalidAudio()
    {
        // 2 frames; the first's size is a run of 9 million 255s (2.3 GB: more than an int holds), never ended.
        byte[] lacing = [1, .. Enumerable.Repeat((byte)255, 9_000_000), 0];

        var error = Assert.Throws<InvalidAudioException>(() => WebMOpusReader.Read(WithLacedBlock(XiphLacing, lacing, [Packets[1]]), AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("lac"));
    }

    /// <summary>A recorder-style file with one more SimpleBlock at its end (inside the last, unknown-size Cluster), its frames laced.</summary>
    private static byte[] WithLacedBlock(byte lacingFlag, byte[] lacing, byte[][] frames)
    {
        byte[] body = [0x81, 0x03, 0xE8, (byte)(0x80 | lacingFlag), .. lacing, .. frames.SelectMany(f => f)]; // track 1, at 1000 ms, keyframe
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(size, (0x01UL << 56) | (uint)body.Length); // 8-byte EBML size
        return [.. WebMWriter.Write(Packets), 0xA3, .. size, .. body];
    }

    private static byte[] XiphSize(int size) => [.. Enumerable.Repeat((byte)255, size / 255), (byte)(size % 255)];
}
