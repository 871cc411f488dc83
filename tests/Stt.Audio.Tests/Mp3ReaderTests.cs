using System.Runtime.Versioning;
using Stt.Testing;

namespace Stt.Audio.Tests;

[SupportedOSPlatform("linux")]
[Unit]
public sealed class Mp3ReaderTests
{
    private static readonly AudioBudget Budget = HostileInput.FileBudget;

    [Test]
    public void Read_Mpeg1StereoWithId3Tag_DecodesToSixteenKilohertzMono()
    {
        var audio = Mp3Reader.Read(File.ReadAllBytes(Mp3Fixtures.Stereo44k), Budget);

        Assert.Multiple(() =>
        {
            Assert.That(audio.Format, Is.EqualTo("MP3 44100 Hz stereo"));
            Assert.That(audio.Duration.TotalSeconds, Is.EqualTo(Mp3Fixtures.SpeechDuration.TotalSeconds).Within(0.06), "the encoder's delay and padding trimmed");
            Assert.That(SignalLevel.Dbfs(audio.Samples), Is.GreaterThan(-40), "speech, not silence");
        });
    }

    [Test]
    public void Read_Mpeg2MonoWithoutTag_DecodesAtItsOwnRate()
    {
        var audio = Mp3Reader.Read(File.ReadAllBytes(Mp3Fixtures.Mono16k), Budget);

        Assert.Multiple(() =>
        {
            Assert.That(audio.Format, Is.EqualTo("MP3 16000 Hz mono"));
            Assert.That(audio.Duration.TotalSeconds, Is.EqualTo(Mp3Fixtures.SpeechDuration.TotalSeconds).Within(0.1));
            Assert.That(SignalLevel.Dbfs(audio.Samples), Is.GreaterThan(-40));
        });
    }

    [Test]
    public void Read_Truncated_DecodesTheWholeFramesBeforeTheCut()
    {
        var file = File.ReadAllBytes(Mp3Fixtures.Mono16k);

        var audio = Mp3Reader.Read(file.AsMemory(0, file.Length / 2), Budget);

        Assert.That(audio.Duration.TotalSeconds, Is.EqualTo(Mp3Fixtures.SpeechDuration.TotalSeconds / 2).Within(0.2));
    }

    [TestCase("ID3")]
    [TestCase("ID3\u0004\0\0\0\0\0\0 this is an mp3, honestly")]
    public void Read_TagWithoutFrames_RefusedAsInvalidAudio(string content)
    {
        var error = Assert.Throws<InvalidAudioException>(() => Mp3Reader.Read(System.Text.Encoding.ASCII.GetBytes(content), Budget));

        Assert.That(error!.Message, Does.StartWith("MP3 file has no"));
    }

    [Test]
    public void Read_TagDeclaringMoreThanTheFile_RefusedAsTruncatedWithoutBufferingIt()
    {
        byte[] file = [.. "ID3"u8, 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F, .. new byte[1000]]; // a tag of 256 MB, says its header

        var (error, allocated) = HostileInput.Refused<InvalidAudioException>(() => Mp3Reader.Read(file, Budget));

        Assert.That(error.Message, Is.EqualTo("MP3 file is truncated: its ID3 tag declares 268435455 bytes but only 1000 are present"));
        Assert.That(allocated, Is.LessThan(1024 * 1024));
    }

    [Test]
    public void Read_OverlongTagInsideTheAudio_IgnoredWithoutBufferingIt()
    {
        var file = File.ReadAllBytes(Mp3Fixtures.Mono16k);
        byte[] tag = [.. "ID3"u8, 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F];
        tag.CopyTo(file, file.Length / 2);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var audio = Mp3Reader.Read(file, Budget);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(audio.Duration.TotalSeconds, Is.GreaterThan(Mp3Fixtures.SpeechDuration.TotalSeconds / 2));
        Assert.That(allocated, Is.LessThan(HostileInput.MaxAllocatedBytes), "256 MB is what the tag claims");
    }

    [Test]
    public void Read_FrameHeaderThenGarbage_RefusedOrDecodedWithinTheBudget()
    {
        var garbage = new byte[64 * 1024];
        new Random(23).NextBytes(garbage);
        garbage[0] = 0xFF;
        garbage[1] = 0xFB; // MPEG-1 Layer III sync

        try
        {
            var audio = Mp3Reader.Read(garbage, Budget);
            Assert.That(audio.Duration, Is.LessThan(TimeSpan.FromSeconds(60)), "whatever frames it found, no more than 64 KB can hold");
        }
        catch (InvalidAudioException)
        {
            Assert.Pass("refused");
        }
    }

    [Test]
    public void Read_PastTheBudget_RefusedBeforeDecoding()
    {
        var budget = HostileInput.Budget(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));

        var error = Assert.Throws<AudioLimitExceededException>(() => Mp3Reader.Read(File.ReadAllBytes(Mp3Fixtures.Stereo44k), budget));

        Assert.That(error!.Message, Is.EqualTo("the file decodes to more than 2 s of audio; the limit is 2 s (Stt:Api:MaxFileSeconds)"));
    }

    [Test]
    public void Read_FramesRepeatedForHours_RefusedWithoutAllocatingThem()
    {
        // 12 MB of real frames that claim over an hour: counted from their headers and refused, never decoded.
        var file = File.ReadAllBytes(Mp3Fixtures.Mono16k);
        var hostile = new byte[12_000_000];
        for (var at = 0; at < hostile.Length; at += file.Length)
        {
            file.AsSpan(0, Math.Min(file.Length, hostile.Length - at)).CopyTo(hostile.AsSpan(at));
        }

        var (error, allocated) = HostileInput.Refused<AudioLimitExceededException>(() => Mp3Reader.Read(hostile, Budget));

        Assert.That(error.Message, Does.Contain("more than 3600 s").And.Contain("Stt:Api:MaxFileSeconds"));
        Assert.That(allocated, Is.LessThan(HostileInput.MaxAllocatedBytes), "3600 s of 16 kHz floats would be 230 MB");
    }

    [Test]
    public void Decode_Mp3_ReadByContent()
    {
        var audio = AudioFileDecoder.Decode(File.ReadAllBytes(Mp3Fixtures.Stereo44k), Budget);

        Assert.That(audio.Format, Does.StartWith("MP3"));
    }

    [Test]
    public async Task DecodeOrConvertAsync_Mp3WithFfmpegAbsent_DecodesInProcess()
    {
        var converter = new ExternalAudioConverter(new ExternalAudioConverterOptions { Ffmpeg = "/nonexistent/ffmpeg", Flac = "/nonexistent/flac" });

        var audio = await AudioFileDecoder.DecodeOrConvertAsync(File.ReadAllBytes(Mp3Fixtures.Stereo44k), Budget, converter, CancellationToken.None)
            .WaitAsync(TestTimeouts.Unit);

        Assert.That(audio.Format, Is.EqualTo("MP3 44100 Hz stereo"));
    }

    [Test]
    public async Task DecodeOrConvertAsync_Mp3WithFfmpegInstalled_NeverStartsIt()
    {
        using var fake = new FakeConverter();
        var converter = new ExternalAudioConverter(fake.Options());

        var audio = await AudioFileDecoder.DecodeOrConvertAsync(File.ReadAllBytes(Mp3Fixtures.Mono16k), Budget, converter, CancellationToken.None)
            .WaitAsync(TestTimeouts.Unit);

        Assert.That(audio.Format, Does.StartWith("MP3"));
        Assert.That(fake.Started, Is.Empty);
    }

    [Test]
    public async Task DecodeOrConvertAsync_Id3TagOverSomethingElse_HandedToFfmpeg()
    {
        using var fake = new FakeConverter();
        var converter = new ExternalAudioConverter(fake.Options());
        byte[] aacBehindTag = [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0, 0xFF, 0xF1, 0x50, 0x80, .. new byte[200]];

        var audio = await AudioFileDecoder.DecodeOrConvertAsync(aacBehindTag, Budget, converter, CancellationToken.None).WaitAsync(TestTimeouts.Unit);

        Assert.That(audio.Format, Does.EndWith("converted by ffmpeg"));
        Assert.That(fake.Started, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DecodeOrConvertAsync_UnreadableMp3WithFfmpegAbsent_SaysWhyOurReaderRefusedIt()
    {
        var converter = new ExternalAudioConverter(new ExternalAudioConverterOptions { Ffmpeg = "/nonexistent/ffmpeg", Flac = "/nonexistent/flac" });

        var error = await Assert.ThrowsAsync<InvalidAudioException>(
            async () => await AudioFileDecoder.DecodeOrConvertAsync("ID3\u0004\0\0\0\0\0\0 nothing else"u8.ToArray(), Budget, converter, CancellationToken.None).WaitAsync(TestTimeouts.Unit));

        Assert.That(error!.Message, Does.StartWith("MP3 file has no"));
    }
}
