using Stt.Testing;

namespace Stt.Audio.Tests;

[Unit]
public sealed class OggOpusReaderTests
{
    private static readonly List<byte[]> Packets = OpusEncoding.Encode(
        Enumerable.Range(0, 32000).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 200 * i / 16000))).ToArray());

    [TestCase(1)]
    [TestCase(10)]
    [TestCase(50)]
    public void Read_ValidFile_DecodesFullDuration(int packetsPerPage)
    {
        var file = OggOpusWriter.Write(Packets, packetsPerPage: packetsPerPage);

        var audio = OggOpusReader.Read(file, AudioBudget.Unlimited);

        // 100 packets of 20 ms decode to 2.0 s; the 312-sample (6.5 ms) pre-skip is dropped from the front and
        // the resampler keeps back its 2.5 ms filter delay.
        Assert.That(audio.Duration.TotalSeconds, Is.EqualTo(2.0 - 0.0065).Within(0.003));
        Assert.That(audio.PacketsConcealed, Is.Zero);
    }

    [Test]
    public void Read_PacketLargerThanOneSegment_IsReassembled()
    {
        var big = OpusEncoding.Encode(TestSpeech.Tones(1).Samples, frameMs: 60).Select(p => p).ToList();
        var file = OggOpusWriter.Write(big, packetsPerPage: 3, frameSamples48k: 2880);

        var audio = OggOpusReader.Read(file, AudioBudget.Unlimited);

        Assert.That(audio.Samples.Length, Is.GreaterThan(15000));
    }

    [Test]
    public void Read_Chained_DecodesBothLinks()
    {
        using var output = new MemoryStream();
        OggOpusWriter.WriteLink(output, Packets, 1, 312, 10, serial: 1);
        OggOpusWriter.WriteLink(output, Packets, 1, 312, 10, serial: 2);

        var audio = OggOpusReader.Read(output.ToArray(), AudioBudget.Unlimited);

        Assert.That(audio.Duration.TotalSeconds, Is.EqualTo(2 * (2.0 - 0.0065)).Within(0.006));
    }

    [Test]
    public void Read_Truncated_ThrowsSayingWhere()
    {
        var file = OggOpusWriter.Write(Packets);

        var error = Assert.Throws<InvalidAudioException>(() => OggOpusReader.Read(file.AsMemory(0, file.Length - 100), AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("truncated"));
    }

    [Test]
    public void Read_CorruptByte_FailsTheChecksum()
    {
        var file = OggOpusWriter.Write(Packets);
        file[file.Length / 2] ^= 0x55;

        var error = Assert.Throws<InvalidAudioException>(() => OggOpusReader.Read(file, AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("checksum"));
    }

    [Test]
    public void Read_GarbageAfterCapturePattern_Throws()
    {
        var garbage = new byte[4000];
        new Random(2).NextBytes(garbage);
        "OggS"u8.CopyTo(garbage);

        Assert.Throws<InvalidAudioException>(() => OggOpusReader.Read(garbage, AudioBudget.Unlimited));
    }

    [Test]
    public void Read_OggWithoutOpus_ThrowsNotOpus()
    {
        var vorbisLike = OggOpusWriter.Write(Packets);
        "OpusHeaX"u8.CopyTo(vorbisLike.AsSpan(28)); // first packet no longer an OpusHead (CRC fixed below)
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(vorbisLike.AsSpan(22), 0);
        var firstPage = vorbisLike.AsSpan(0, 27 + 1 + 19);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(vorbisLike.AsSpan(22), OggPageReader.Crc(firstPage));

        var error = Assert.Throws<InvalidAudioException>(() => OggOpusReader.Read(vorbisLike, AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("does not carry Opus"));
    }

    [Test]
    public void Read_OneRealAndMillionEmptySegments_RefusedWithoutAllocating()
    {
        // 255 empty packets (lacing values of 0) per page: 1.1 MB of pages that claim 20,000 s.
        var file = OggOpusWriter.Write([Packets[0], .. Enumerable.Repeat(Array.Empty<byte>(), 1_000_000)], packetsPerPage: 255);

        var (error, allocated) = HostileInput.Refused<AudioLimitExceededException>(() => OggOpusReader.Read(file, HostileInput.FileBudget));

        Assert.That(error.Message, Is.EqualTo("the file decodes to more than 3600 s of audio; the limit is 3600 s (Stt:Api:MaxFileSeconds)"));
        Assert.That(allocated, Is.LessThan(HostileInput.MaxAllocatedBytes));
    }

    [Test]
    public void Read_LongerThanMaxAudio_RefusedBeforeDecoding()
    {
        var file = OggOpusWriter.Write(Packets); // 2 s

        var error = Assert.Throws<AudioLimitExceededException>(() => OggOpusReader.Read(file, HostileInput.Budget(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1))));

        Assert.That(error!.Limit.Setting, Is.EqualTo("Stt:Api:MaxFileSeconds"));
    }

    [Test]
    public void Read_ConcealedRunPastTheLimit_ThrowsNamingTheSetting()
    {
        var file = OggOpusWriter.Write([.. Packets.Take(5), .. Enumerable.Repeat(Array.Empty<byte>(), 60), Packets[5]]); // 1.2 s lost

        var error = Assert.Throws<AudioLimitExceededException>(() => OggOpusReader.Read(file, HostileInput.FileBudget));

        Assert.That(error!.Message, Does.StartWith("Opus packets 5 to 55 are lost").And.EndWith("the limit is 1 s (Stt:Api:MaxConcealedRun)"));
    }

    [Test]
    public void Read_PageLargerThanTheFile_ThrowsTruncated()
    {
        var file = OggOpusWriter.Write(Packets);
        byte[] page = [.. "OggS"u8, 0, 0, .. new byte[20], 255, .. Enumerable.Repeat((byte)255, 255), 1, 2, 3]; // 65 KB body declared, 3 bytes present

        var error = Assert.Throws<InvalidAudioException>(() => OggOpusReader.Read((byte[])[.. file, .. page], HostileInput.FileBudget));

        Assert.That(error!.Message, Does.Contain("truncated").And.Contain("the page needs 65307 bytes, 285 remain"));
    }

    [Test]
    public void Read_SegmentTableLargerThanTheFile_ThrowsTruncated()
    {
        var file = OggOpusWriter.Write(Packets);
        byte[] page = [.. "OggS"u8, 0, 0, .. new byte[20], 200, 1, 2, 3]; // 200 lacing values declared, 3 present

        var error = Assert.Throws<InvalidAudioException>(() => OggOpusReader.Read((byte[])[.. file, .. page], HostileInput.FileBudget));

        Assert.That(error!.Message, Does.Contain("incomplete segment table"));
    }
}
