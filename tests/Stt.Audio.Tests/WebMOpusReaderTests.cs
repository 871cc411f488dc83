using System.Buffers.Binary;
using Stt.Testing;

namespace Stt.Audio.Tests;

[Unit]
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

        var error = Assert.Throws<InvalidAudioException>(() => WebMOpusReader.Read(WithLacedBlock(XiphLacing, lacing, [Packets[1]]), HostileInput.FileBudget));

        Assert.That(error!.Message, Does.Contain("lac"));
    }

    [Test]
    public void Read_LacedBlocksOfMillionEmptyFrames_RefusedWithoutAllocating()
    {
        // Xiph lacing of 255 frames, every size 0: 259-byte blocks of 255 lost packets; 1 MB that claims 20,000 s.
        byte[] body = [0x81, 0x03, 0xE8, 0x80 | XiphLacing, 254, .. new byte[254]];
        var file = WithBlocks(Enumerable.Repeat(body, (1_000_000 / 255) + 1));

        var (error, allocated) = HostileInput.Refused<AudioLimitExceededException>(() => WebMOpusReader.Read(file, HostileInput.FileBudget));

        Assert.That(error.Message, Is.EqualTo("the file decodes to more than 3600 s of audio; the limit is 3600 s (Stt:Api:MaxFileSeconds)"));
        Assert.That(allocated, Is.LessThan(HostileInput.MaxAllocatedBytes));
    }

    [Test]
    public void Read_LongerThanMaxAudio_RefusedBeforeDecoding()
    {
        var error = Assert.Throws<AudioLimitExceededException>(
            () => WebMOpusReader.Read(WebMWriter.Write(Packets), HostileInput.Budget(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1))));

        Assert.That(error!.Limit.Setting, Is.EqualTo("Stt:Api:MaxFileSeconds"));
    }

    [Test]
    public void Read_ConcealedRunPastTheLimit_ThrowsNamingTheSetting()
    {
        var file = WebMWriter.Write([.. Packets.Take(5), .. Enumerable.Repeat(Array.Empty<byte>(), 60), Packets[5]]); // 1.2 s lost

        var error = Assert.Throws<AudioLimitExceededException>(() => WebMOpusReader.Read(file, HostileInput.FileBudget));

        Assert.That(error!.Message, Does.StartWith("Opus packets 5 to 55 are lost").And.EndWith("(Stt:Api:MaxConcealedRun)"));
    }

    [TestCase(0x00FFFFFFFFFFFFFEUL)] // 72 PB
    [TestCase(0x00FFFFFFFFFFFFFFUL)] // all ones: unknown size, which only containers may have
    public void Read_ElementSizeLargerThanTheFile_ThrowsTruncated(ulong size)
    {
        var sizeBytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(sizeBytes, (0x01UL << 56) | size);

        var error = Assert.Throws<InvalidAudioException>(
            () => WebMOpusReader.Read((byte[])[.. WebMWriter.Write(Packets), 0xA3, .. sizeBytes, 1, 2, 3], HostileInput.FileBudget));

        Assert.That(error!.Message, Does.Contain("needs more bytes than remain"));
    }

    /// <summary>A recorder-style file with one more SimpleBlock at its end (inside the last, unknown-size Cluster), its frames laced.</summary>
    private static byte[] WithLacedBlock(byte lacingFlag, byte[] lacing, byte[][] frames)
    {
        byte[] body = [0x81, 0x03, 0xE8, (byte)(0x80 | lacingFlag), .. lacing, .. frames.SelectMany(f => f)]; // track 1, at 1000 ms, keyframe
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(size, (0x01UL << 56) | (uint)body.Length); // 8-byte EBML size
        return [.. WebMWriter.Write(Packets), 0xA3, .. size, .. body];
    }

    /// <summary>A recorder-style file with more SimpleBlocks at its end, inside its last, unknown-size Cluster.</summary>
    private static byte[] WithBlocks(IEnumerable<byte[]> bodies)
    {
        using var output = new MemoryStream();
        output.Write(WebMWriter.Write(Packets));
        var size = new byte[8];
        foreach (var body in bodies)
        {
            BinaryPrimitives.WriteUInt64BigEndian(size, (0x01UL << 56) | (uint)body.Length);
            output.WriteByte(0xA3);
            output.Write(size);
            output.Write(body);
        }

        return output.ToArray();
    }

    private static byte[] XiphSize(int size) => [.. Enumerable.Repeat((byte)255, size / 255), (byte)(size % 255)];
}
