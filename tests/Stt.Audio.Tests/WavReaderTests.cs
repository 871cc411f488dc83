using System.Buffers.Binary;
using Stt.Testing;

namespace Stt.Audio.Tests;

[Unit]
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

    [Test]
    public void Read_DataChunkDeclaringNearly4GB_ThrowsTruncated()
    {
        var wav = WavWriter.Write(Tone, 16000);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), 0xFFFFFFF0);

        var error = Assert.Throws<InvalidAudioException>(() => WavReader.Read(wav, HostileInput.FileBudget));

        Assert.That(error!.Message, Does.Contain("truncated: its data chunk declares 4294967280 bytes but only 32000 are present"));
    }

    [Test]
    public void Read_ChunkSizeOfUIntMax_ThrowsInvalidAudio()
    {
        var wav = WavWriter.Write(Tone, 16000);
        byte[] list = [.. "LIST"u8, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4]; // odd: its pad byte would overflow a uint
        byte[] file = [.. wav[..12], .. list, .. wav[12..]];

        var error = Assert.Throws<InvalidAudioException>(() => WavReader.Read(file, HostileInput.FileBudget));

        Assert.That(error!.Message, Does.Contain("no 'fmt ' chunk"));
    }

    [Test]
    public void Read_LongerThanMaxAudio_RefusedBeforeConverting()
    {
        var wav = WavWriter.Write(new float[60 * 16000], 16000); // 60 s: 1.9 MB of PCM, 3.8 MB as floats

        var (error, allocated) = HostileInput.Refused<AudioLimitExceededException>(
            () => WavReader.Read(wav, HostileInput.Budget(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1))));

        Assert.That(error.Message, Is.EqualTo("the file decodes to more than 30 s of audio; the limit is 30 s (Stt:Api:MaxFileSeconds)"));
        Assert.That(allocated, Is.LessThan(1024 * 1024), "no sample was converted");
    }

    [Test]
    public void Read_ExactlyMaxAudio_Decodes()
    {
        var audio = WavReader.Read(WavWriter.Write(Tone, 16000), HostileInput.Budget(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        Assert.That(audio.Samples, Has.Length.EqualTo(16000));
    }

    [TestCase(1, true)]
    [TestCase(85, false)] // MPEG layer 3 in WAV
    [TestCase(2, false)] // Microsoft ADPCM
    public void Reads_FormatCode_SaysWhetherThisReaderReadsIt(int code, bool reads)
    {
        var wav = WavWriter.Write(Tone, 16000);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(20), (ushort)code);

        Assert.That(WavReader.Reads(wav), Is.EqualTo(reads));
    }
}
