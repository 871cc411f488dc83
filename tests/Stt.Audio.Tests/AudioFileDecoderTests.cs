using Stt.Testing;

namespace Stt.Audio.Tests;

[Unit]
public sealed class AudioFileDecoderTests
{
    [Test]
    public void Decode_DetectsByContentNotName()
    {
        var tone = TestSpeech.Tones(1).Samples;

        Assert.That(AudioFileDecoder.Decode(WavWriter.Write(tone, 16000), AudioBudget.Unlimited).Format, Does.StartWith("WAV"));
        Assert.That(AudioFileDecoder.Decode(OggOpusWriter.Write(OpusEncoding.Encode(tone)), AudioBudget.Unlimited).Format, Does.StartWith("Ogg Opus"));
    }

    [Test]
    public void Decode_UnknownFormat_NamesTheFormatsThatWork()
    {
        var flac = new byte[] { 0x66, 0x4C, 0x61, 0x43, 0, 0, 0, 34, 0, 0 };

        var error = Assert.Throws<InvalidAudioException>(() => AudioFileDecoder.Decode(flac, AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("WAV").And.Contain("Ogg Opus"));
    }

    [Test]
    public void Decode_Empty_Throws()
    {
        Assert.Throws<InvalidAudioException>(() => AudioFileDecoder.Decode(ReadOnlyMemory<byte>.Empty, AudioBudget.Unlimited));
    }

    [Test]
    public void DecodeOpusPackets_OneRealAndMillionEmpty_RefusedWithoutAllocating()
    {
        var packets = HostileInput.RealThenEmpty(OpusEncoding.Encode(TestSpeech.Tones(1).Samples)[0], 1_000_000);

        var (error, allocated) = HostileInput.Refused<AudioLimitExceededException>(
            () => AudioFileDecoder.DecodeOpusPackets(packets, 48000, HostileInput.FileBudget));

        Assert.That(error.Message, Is.EqualTo("the file decodes to more than 3600 s of audio; the limit is 3600 s (Stt:Api:MaxFileSeconds)"));
        Assert.That(allocated, Is.LessThan(HostileInput.MaxAllocatedBytes), "20,000 s of audio would be 1.3 GB");
    }

    [Test]
    public void DecodeOpusPackets_TinyValidPacketsPastMaxAudio_RefusedWithoutAllocating()
    {
        // Two bytes each: a TOC (SILK 60 ms frames, code 3) and a count of 2 frames, 120 ms that decode (to concealment).
        var packets = Enumerable.Range(0, 40_000).Select(_ => (ReadOnlyMemory<byte>)new byte[] { 0x1B, 0x02 }).ToList();

        var (error, allocated) = HostileInput.Refused<AudioLimitExceededException>(
            () => AudioFileDecoder.DecodeOpusPackets(packets, 48000, HostileInput.FileBudget));

        Assert.That(error.Message, Does.Contain("more than 3600 s").And.Contain("Stt:Api:MaxFileSeconds"), "80 KB that claim 4800 s");
        Assert.That(allocated, Is.LessThan(HostileInput.MaxAllocatedBytes));
    }

    [Test]
    public void DecodeOpusPackets_WithinTheBudget_DecodesEveryPacket()
    {
        var packets = OpusEncoding.Encode(TestSpeech.Tones(1).Samples).Select(p => (ReadOnlyMemory<byte>)p).ToList();

        var audio = AudioFileDecoder.DecodeOpusPackets(packets, 48000, HostileInput.Budget(TimeSpan.FromSeconds(packets.Count * 0.02), TimeSpan.FromSeconds(1)));

        Assert.That(audio.Samples, Has.Length.EqualTo(packets.Count * 320).Within(64));
        Assert.That(audio.PacketsConcealed, Is.Zero);
    }
}
