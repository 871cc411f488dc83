using System.Buffers.Binary;
using Stt.Testing;

namespace Stt.Audio.Tests;

public sealed class WavReaderTests
{
    private static readonly float[] Tone = Enumerable.Range(0, 16000).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 300 * i / 16000))).ToArray();

    [TestCase(8, false)]
    [TestCase(16, false)]
    [TestCase(24, false)]
    [TestCase(32, false)]
    [TestCase(32, true)]
    public void Read_SampleFormats_DecodeToTheSameSignal(int bits, bool isFloat)
    {
        var audio = WavReader.Read(WavWriter.Write(Tone, 16000, bits: bits, isFloat: isFloat), AudioBudget.Unlimited);

        Assert.That(audio.Samples, Has.Length.EqualTo(16000));
        Assert.That(audio.Samples[1000], Is.EqualTo(Tone[1000]).Within(bits == 8 ? 0.02 : 0.001));
    }

    [Test]
    public void Read_StereoAt44100_DownmixesAndResamples()
    {
        var tone = Enumerable.Range(0, 44100).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 300 * i / 44100))).ToArray();

        var audio = WavReader.Read(WavWriter.Write(tone, 44100, channels: 2), AudioBudget.Unlimited);

        Assert.That(audio.Duration.TotalSeconds, Is.EqualTo(1.0).Within(0.01));
        Assert.That(audio.Format, Does.Contain("44100 Hz stereo"));
    }

    [Test]
    public void Read_Extensible_IsAccepted()
    {
        var audio = WavReader.Read(WavWriter.Write(Tone, 16000, bits: 24, extensible: true), AudioBudget.Unlimited);

        Assert.That(audio.Samples, Has.Length.EqualTo(16000));
    }

    [Test]
    public void Read_TruncatedData_ThrowsSayingSo()
    {
        var wav = WavWriter.Write(Tone, 16000);

        var error = Assert.Throws<InvalidAudioException>(() => WavReader.Read(wav.AsSpan(0, wav.Length / 2), AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("truncated"));
    }

    [Test]
    public void Read_UnfinishedHeader_ReadsToTheEnd()
    {
        var wav = WavWriter.Write(Tone, 16000);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), uint.MaxValue);

        var audio = WavReader.Read(wav, AudioBudget.Unlimited);

        Assert.That(audio.Samples, Has.Length.EqualTo(16000));
    }

    [Test]
    public void Read_HeaderOnly_ThrowsNoData()
    {
        var wav = WavWriter.Write(Tone, 16000);

        var error = Assert.Throws<InvalidAudioException>(() => WavReader.Read(wav.AsSpan(0, 36), AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("no 'data' chunk").Or.Contain("truncated"));
    }

    [Test]
    public void Read_UnsupportedFormatCode_ThrowsNamingIt()
    {
        var wav = WavWriter.Write(Tone, 16000);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(20), 85); // MPEG layer 3

        var error = Assert.Throws<InvalidAudioException>(() => WavReader.Read(wav, AudioBudget.Unlimited));

        Assert.That(error!.Message, Does.Contain("format code 85"));
    }

    [Test]
    public void Read_Garbage_ThrowsNotWav()
    {
        var garbage = new byte[1000];
        new Random(1).NextBytes(garbage);

        Assert.Throws<InvalidAudioException>(() => WavReader.Read(garbage, AudioBudget.Unlimited));
    }
}
