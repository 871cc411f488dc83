using Stt.Testing;

namespace Stt.Audio.Tests;

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
        var mp3ish = new byte[] { 0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0 };

        var error = Assert.Throws<InvalidAudioException>(() => AudioFileDecoder.Decode(mp3ish, AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("WAV").And.Contain("Ogg Opus"));
    }

    [Test]
    public void Decode_Empty_Throws()
    {
        Assert.Throws<InvalidAudioException>(() => AudioFileDecoder.Decode(ReadOnlyMemory<byte>.Empty, AudioBudget.Unlimited));
    }
}
