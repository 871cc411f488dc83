using Stt.Testing;

namespace Stt.Audio.Tests;

public sealed class WebMOpusReaderTests
{
    private static readonly List<byte[]> Packets = OpusEncoding.Encode(
        Enumerable.Range(0, 32000).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 200 * i / 16000))).ToArray());

    [Test]
    public void Read_RecorderStyleFile_DecodesTheOpusTrack()
    {
        var audio = WebMOpusReader.Read(WebMWriter.Write(Packets));

        Assert.That(audio.Duration.TotalSeconds, Is.EqualTo(2.0 - 0.0065).Within(0.003));
        Assert.That(audio.Format, Does.StartWith("WebM Opus"));
    }

    [Test]
    public void Decode_ByContent_RecognisesWebM()
    {
        Assert.That(AudioFileDecoder.Decode(WebMWriter.Write(Packets)).Format, Does.StartWith("WebM"));
    }

    [Test]
    public void Read_NoOpusTrack_SaysWhichCodecsItHas()
    {
        var error = Assert.Throws<InvalidAudioException>(() => WebMOpusReader.Read(WebMWriter.Write(Packets, codec: "A_VORBIS")));

        Assert.That(error!.Message, Does.Contain("no Opus audio track").And.Contain("A_VORBIS"));
    }

    [Test]
    public void Read_Truncated_Throws()
    {
        var file = WebMWriter.Write(Packets);

        var error = Assert.Throws<InvalidAudioException>(() => WebMOpusReader.Read(file.AsSpan(0, file.Length - 7)));

        Assert.That(error!.Message, Does.Contain("truncated"));
    }

    [Test]
    public void Read_Garbage_Throws()
    {
        var garbage = new byte[3000];
        new Random(4).NextBytes(garbage);
        new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }.CopyTo(garbage, 0);

        Assert.Throws<InvalidAudioException>(() => WebMOpusReader.Read(garbage));
    }
}
