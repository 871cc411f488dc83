using Stt.Testing;

namespace Stt.Audio.Tests;

[Unit]
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

    [Test]
    public void Measure_Packets_IsWhatDecodeYieldsAndMovesNothing()
    {
        var packets = OpusEncoding.Encode(Sine(1.0), 48000).Select(p => (ReadOnlyMemory<byte>)p).Append(ReadOnlyMemory<byte>.Empty).ToList();
        var decoder = new OpusStreamDecoder(48000, AudioBudget.Unlimited.MaxConcealedRun);
        var payload = AudioPayload.FromOpus(packets);

        var measured = decoder.Measure(payload);
        var again = decoder.Measure(payload);
        var output = decoder.Decode(payload);

        Assert.That(measured, Is.EqualTo(TimeSpan.FromMilliseconds(1020)), "50 packets of 20 ms and a lost one of as much");
        Assert.That(again, Is.EqualTo(measured), "measuring changes no state");
        Assert.That(AudioTime.FromSamples(output.Length), Is.LessThanOrEqualTo(measured).And.GreaterThan(measured - TimeSpan.FromMilliseconds(5)));
    }

    [Test]
    public void Measure_EmptyAndInvalidPackets_CountAsTheLastFrame()
    {
        var sixty = OpusEncoding.Encode(Sine(0.06), 48000, frameMs: 60)[0];
        var decoder = new OpusStreamDecoder(48000, AudioBudget.Unlimited.MaxConcealedRun);

        var measured = decoder.Measure(AudioPayload.FromOpus([sixty, ReadOnlyMemory<byte>.Empty, new byte[] { 0xFF, 0xFF }]));

        Assert.That(measured, Is.EqualTo(TimeSpan.FromMilliseconds(180)));
    }

    [Test]
    public void Decode_OneRealAndMillionEmptyPackets_RefusedWithoutAllocating()
    {
        var packets = HostileInput.RealThenEmpty(OpusEncoding.Encode(Sine(0.02), 48000)[0], 1_000_000);
        var decoder = new OpusStreamDecoder(48000, AudioBudget.Unlimited.MaxConcealedRun, new AudioLimit(TimeSpan.FromSeconds(60), "Stt:Streams:MaxMessageSeconds"));

        var (error, allocated) = HostileInput.Refused<AudioLimitExceededException>(() => decoder.Decode(AudioPayload.FromOpus(packets)));

        Assert.That(error.Message, Is.EqualTo("the message decodes to more than 60 s of audio; the limit is 60 s (Stt:Streams:MaxMessageSeconds)"));
        Assert.That(allocated, Is.LessThan(HostileInput.MaxAllocatedBytes), "20,000 s of audio would be 1.3 GB");
        Assert.That(decoder.PacketsReceived, Is.Zero, "nothing was decoded");
    }

    [Test]
    public void Decode_NoMessageLimitAndMillionEmptyPackets_RefusedByTheRunWithoutAllocating()
    {
        var packets = HostileInput.RealThenEmpty(OpusEncoding.Encode(Sine(0.02), 48000)[0], 1_000_000);
        var decoder = new OpusStreamDecoder(48000, new AudioLimit(TimeSpan.FromSeconds(1), "Stt:Streams:MaxConcealedRun"));

        var (error, allocated) = HostileInput.Refused<AudioLimitExceededException>(() => decoder.Decode(AudioPayload.FromOpus(packets)));

        Assert.That(error.Message, Does.StartWith("Opus packets 1 to 51 are lost or cannot be decoded").And.EndWith("the limit is 1 s (Stt:Streams:MaxConcealedRun)"));
        Assert.That(allocated, Is.LessThan(HostileInput.MaxAllocatedBytes));
    }

    [Test]
    public void Decode_ConcealedRunAcrossMessages_ThrowsOnceLongerThanTheLimit()
    {
        var real = OpusEncoding.Encode(Sine(0.02), 48000)[0];
        var decoder = new OpusStreamDecoder(48000, new AudioLimit(TimeSpan.FromMilliseconds(100), "Stt:Api:MaxConcealedRun"));
        var realThenFiveLost = AudioPayload.FromOpus(HostileInput.RealThenEmpty(real, 5)); // 100 ms lost: at the limit, not past it

        decoder.Decode(realThenFiveLost);
        decoder.Decode(realThenFiveLost); // the real packet ended the first run
        var error = Assert.Throws<AudioLimitExceededException>(() => decoder.Decode(AudioPayload.FromOpus([ReadOnlyMemory<byte>.Empty])));

        Assert.That(error!.Message, Does.StartWith("Opus packets 7 to 12 are lost").And.Contain("(Stt:Api:MaxConcealedRun)"));
        Assert.That(decoder.PacketsConcealed, Is.EqualTo(10));
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
