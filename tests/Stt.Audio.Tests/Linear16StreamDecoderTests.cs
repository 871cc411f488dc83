using Stt.Testing;

namespace Stt.Audio.Tests;

[Unit]
public sealed class Linear16StreamDecoderTests
{
    [Test]
    public void Decode_ChunksSplitInsideFrames_KeepsEverySample()
    {
        var wav = WavWriter.Write(Enumerable.Range(0, 1600).Select(i => (i % 100) / 200f).ToArray(), 16000, channels: 2);
        var pcm = wav.AsMemory(44);
        var decoder = new Linear16StreamDecoder(16000, 2);

        var a = decoder.Decode(AudioPayload.FromPcm(pcm[..1001]));
        var b = decoder.Decode(AudioPayload.FromPcm(pcm[1001..3333]));
        var c = decoder.Decode(AudioPayload.FromPcm(pcm[3333..]));

        Assert.That(a.Length + b.Length + c.Length, Is.EqualTo(1600));
        Assert.That(b[0], Is.EqualTo(((250 % 100) / 200f)).Within(0.001), "frames are reassembled across chunk borders");
    }

    [Test]
    public void Decode_48kHz_ResamplesToOneThird()
    {
        var samples = Enumerable.Range(0, 48000).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 48000))).ToArray();
        var pcm = WavWriter.Write(samples, 48000).AsMemory(44);
        var decoder = new Linear16StreamDecoder(48000, 1);

        var output = new List<float>();
        for (var i = 0; i < pcm.Length; i += 960)
        {
            output.AddRange(decoder.Decode(AudioPayload.FromPcm(pcm.Slice(i, Math.Min(960, pcm.Length - i)))));
        }

        Assert.That(output, Has.Count.EqualTo(16000).Within(64));
    }

    [Test]
    public void Decode_OpusPayload_ThrowsEncodingMismatch()
    {
        var decoder = new Linear16StreamDecoder(16000, 1);

        Assert.Throws<InvalidAudioException>(() => decoder.Decode(AudioPayload.FromOpus([new byte[3]])));
    }

    [Test]
    public void Measure_WithCarriedByte_CountsWholeFrames()
    {
        var decoder = new Linear16StreamDecoder(16000, 1);
        decoder.Decode(AudioPayload.FromPcm(new byte[3])); // one frame and one byte carried

        var measured = decoder.Measure(AudioPayload.FromPcm(new byte[3]));

        Assert.That(measured, Is.EqualTo(AudioTime.FromSamples(2)));
    }

    [Test]
    public void Decode_MessagePastItsLimit_ThrowsNamingTheSetting()
    {
        var decoder = new Linear16StreamDecoder(16000, 1, new AudioLimit(TimeSpan.FromSeconds(1), "Stt:Streams:MaxMessageSeconds"));

        var error = Assert.Throws<AudioLimitExceededException>(() => decoder.Decode(AudioPayload.FromPcm(new byte[2 * 16001])));

        Assert.That(error!.Message, Is.EqualTo("the message decodes to more than 1 s of audio; the limit is 1 s (Stt:Streams:MaxMessageSeconds)"));
    }
}
