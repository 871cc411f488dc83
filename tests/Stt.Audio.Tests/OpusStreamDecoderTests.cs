using Stt.Testing;

namespace Stt.Audio.Tests;

public sealed class OpusStreamDecoderTests
{
    private const int ResamplerDelay = 64;

    private static float[] Sine(double seconds, double hz = 440, float amplitude = 0.3f) =>
        Enumerable.Range(0, (int)(seconds * 16000)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / 16000))).ToArray();

    [TestCase(48000)]
    [TestCase(16000)]
    [TestCase(8000)]
    public void Decode_RoundTrip_PreservesLengthAndEnergy(int rate)
    {
        var input = Sine(1.0);
        var packets = OpusEncoding.Encode(input, rate);
        var decoder = new OpusStreamDecoder(rate, AudioBudget.Unlimited.MaxConcealedRun);

        var output = decoder.Decode(AudioPayload.FromOpus(packets.Select(p => (ReadOnlyMemory<byte>)p).ToList()));

        // The resampler holds back its filter delay (2.5 ms) until more audio arrives.
        Assert.That(output, Has.Length.EqualTo(packets.Count * 320).Within(ResamplerDelay));
        Assert.That(decoder.PacketsReceived, Is.EqualTo(50));
        Assert.That(decoder.PacketsConcealed, Is.Zero);
        var inputRms = Rms(input.AsSpan(1600));
        var outputRms = Rms(output.AsSpan(1600, input.Length - 3200));
        Assert.That(outputRms, Is.EqualTo(inputRms).Within(inputRms * 0.25), "decoded level should match the input's");
    }

    [Test]
    public void Decode_LostPacket_ConcealsAndCounts()
    {
        var packets = OpusEncoding.Encode(Sine(0.5), 48000).Select(p => (ReadOnlyMemory<byte>)p).ToList();
        packets[10] = ReadOnlyMemory<byte>.Empty;
        var decoder = new OpusStreamDecoder(48000, AudioBudget.Unlimited.MaxConcealedRun);

        var output = decoder.Decode(AudioPayload.FromOpus(packets));

        Assert.That(decoder.PacketsConcealed, Is.EqualTo(1));
        Assert.That(output, Has.Length.EqualTo(packets.Count * 320).Within(ResamplerDelay), "a lost packet is replaced by the same amount of audio");
    }

    [Test]
    public void Decode_OneCorruptPacket_ConcealsWithoutFailing()
    {
        var packets = OpusEncoding.Encode(Sine(0.5), 48000).Select(p => (ReadOnlyMemory<byte>)p).ToList();
        packets[5] = new byte[] { 0xFF, 0xFF }; // code 3 with an impossible frame count
        var decoder = new OpusStreamDecoder(48000, AudioBudget.Unlimited.MaxConcealedRun);

        decoder.Decode(AudioPayload.FromOpus(packets));

        Assert.That(decoder.PacketsConcealed, Is.EqualTo(1));
    }

    [Test]
    public void Decode_RunOfGarbage_ThrowsNamingThePacket()
    {
        var garbage = Enumerable.Range(0, 20).Select(_ => (ReadOnlyMemory<byte>)new byte[] { 0xFF, 0xFF, 0x00 }).ToList();
        var decoder = new OpusStreamDecoder(48000, AudioBudget.Unlimited.MaxConcealedRun);

        var error = Assert.Throws<InvalidAudioException>(() => decoder.Decode(AudioPayload.FromOpus(garbage)));

        Assert.That(error!.Message, Does.Contain("Opus packet 7 cannot be decoded"));
    }

    [Test]
    public void Decode_OversizedPacket_IsConcealed()
    {
        var decoder = new OpusStreamDecoder(48000, AudioBudget.Unlimited.MaxConcealedRun);

        decoder.Decode(AudioPayload.FromOpus([new byte[2000]]));

        Assert.That(decoder.PacketsConcealed, Is.EqualTo(1));
    }

    [Test]
    public void Decode_PcmPayload_ThrowsEncodingMismatch()
    {
        var decoder = new OpusStreamDecoder(48000, AudioBudget.Unlimited.MaxConcealedRun);

        var error = Assert.Throws<InvalidAudioException>(() => decoder.Decode(AudioPayload.FromPcm(new byte[10])));

        Assert.That(error!.Message, Does.Contain("configured for OPUS"));
    }

    internal static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }
}
