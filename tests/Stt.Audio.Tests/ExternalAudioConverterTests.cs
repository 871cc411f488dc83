using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.Versioning;
using Stt.Testing;

namespace Stt.Audio.Tests;

[SupportedOSPlatform("linux")]
[Integration]
public sealed class ExternalAudioConverterTests
{
    private static readonly AudioBudget Budget = HostileInput.FileBudget;
    private static readonly byte[] Flac = [.. "fLaC"u8, .. "PLAY"u8];
    private static readonly byte[] HangingFlac = [.. "fLaC"u8, .. "HANG"u8];
    private static readonly byte[] FloodingFlac = [.. "fLaC"u8, .. "FLOOD"u8];

    [OneTimeSetUp]
    public void RequireLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the converter's processes are watched through /proc, and the fake converter is a /bin/sh script: Linux only");
        }
    }

    [Test]
    public async Task TryConvertAsync_UnknownBytes_StartsNoProcess()
    {
        using var fake = new FakeConverter();
        var converter = new ExternalAudioConverter(fake.Options());

        var error = await Assert.ThrowsAsync<InvalidAudioException>(
            () => converter.TryConvertAsync("hello, world"u8.ToArray(), Budget, CancellationToken.None).WaitAsync(TestTimeouts.Unit));

        Assert.That(error!.Message, Does.StartWith("unrecognised audio format"));
        Assert.That(fake.Started, Is.Empty);
    }

    [Test]
    public async Task DecodeOrConvertAsync_UnknownBytes_StartsNoProcess()
    {
        using var fake = new FakeConverter();
        var converter = new ExternalAudioConverter(fake.Options());
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, .. new byte[100]];

        var error = await Assert.ThrowsAsync<InvalidAudioException>(
            () => AudioFileDecoder.DecodeOrConvertAsync(zip, Budget, converter, CancellationToken.None).WaitAsync(TestTimeouts.Unit));

        Assert.That(error!.Message, Does.StartWith("unrecognised audio format"));
        Assert.That(fake.Started, Is.Empty);
    }

    [Test]
    public async Task DecodeOrConvertAsync_FormatsOurReadersRead_StartNoProcess()
    {
        using var fake = new FakeConverter();
        var converter = new ExternalAudioConverter(fake.Options());
        var tone = TestSpeech.Tones(1).Samples;
        var packets = OpusEncoding.Encode(tone);

        foreach (var file in new[] { WavWriter.Write(tone, 16000), OggOpusWriter.Write(packets), WebMWriter.Write(packets) })
        {
            var audio = await AudioFileDecoder.DecodeOrConvertAsync(file, Budget, converter, CancellationToken.None).WaitAsync(TestTimeouts.Unit);

            Assert.That(audio.Format, Does.Not.Contain("converted"));
        }

        Assert.That(fake.Started, Is.Empty);
    }

    [TestCase("compressed WAV")]
    [TestCase("Ogg Vorbis")]
    [TestCase("WebM Vorbis")]
    public async Task DecodeOrConvertAsync_ContainerOurReadersRefuse_IsConverted(string kind)
    {
        using var fake = new FakeConverter();
        var converter = new ExternalAudioConverter(fake.Options());

        var audio = await AudioFileDecoder.DecodeOrConvertAsync(RefusedContainer(kind), Budget, converter, CancellationToken.None).WaitAsync(TestTimeouts.Unit);

        Assert.That(audio.Samples, Has.Length.EqualTo(16000), "the fake's second of silence");
        Assert.That(audio.Format, Does.EndWith("converted by ffmpeg"));
        Assert.That(fake.Started, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TryConvertAsync_MoreThanMaxConcurrent_RefusedNamingTheSetting()
    {
        using var fake = new FakeConverter();
        var converter = new ExternalAudioConverter(fake.Options(maxConcurrent: 2));
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var first = converter.TryConvertAsync(HangingFlac, Budget, stopFirst.Token);
        var second = converter.TryConvertAsync(HangingFlac, Budget, stopSecond.Token);

        var refused = await Assert.ThrowsAsync<ConverterBusyException>(
            () => converter.TryConvertAsync(Flac, Budget, CancellationToken.None).WaitAsync(TestTimeouts.Unit));
        stopFirst.Cancel();
        stopSecond.Cancel();

        Assert.That(refused!.Message, Is.EqualTo("all 2 audio conversions are in use; try again shortly. The limit is 2 (Stt:Api:MaxConversions)"));
        await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => first.WaitAsync(TestTimeouts.Unit));
        await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => second.WaitAsync(TestTimeouts.Unit));
        Assert.That(fake.Started.Count, Is.LessThanOrEqualTo(2), "the refused call started nothing");
        Assert.That(fake.Started.Where(FakeConverter.IsRunning), Is.Empty, "cancelled converters are killed and waited for");
    }

    [Test]
    public async Task TryConvertAsync_SlotFreedWhileWaiting_Proceeds()
    {
        using var fake = new FakeConverter();
        var converter = new ExternalAudioConverter(fake.Options(maxConcurrent: 1, maxWait: TestTimeouts.Unit));
        using var stopFirst = new CancellationTokenSource();
        var first = converter.TryConvertAsync(HangingFlac, Budget, stopFirst.Token);
        await Eventually.TrueAsync(() => fake.Started.Count == 1, TestTimeouts.Unit, () => "the first converter has not started");

        var waiting = converter.TryConvertAsync(Flac, Budget, CancellationToken.None);
        var waitedForTheSlot = !waiting.IsCompleted;
        stopFirst.Cancel();
        var audio = await waiting.WaitAsync(TestTimeouts.Unit);

        Assert.That(waitedForTheSlot, Is.True);
        Assert.That(audio!.Samples, Has.Length.EqualTo(16000));
        await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => first.WaitAsync(TestTimeouts.Unit));
        Assert.That(fake.Started, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task TryConvertAsync_PastItsTimeout_KillsAndRefuses()
    {
        using var fake = new FakeConverter();
        var converter = new ExternalAudioConverter(fake.Options(timeout: TimeSpan.FromMilliseconds(300)));

        var error = await Assert.ThrowsAsync<InvalidAudioException>(
            () => converter.TryConvertAsync(HangingFlac, Budget, CancellationToken.None).WaitAsync(TestTimeouts.Unit));

        Assert.That(error!.Message, Is.EqualTo("ffmpeg took longer than 0.3 s to convert the file; the limit is 0.3 s (Stt:Api:ConversionTimeout)"));
        Assert.That(fake.Started, Has.Count.EqualTo(1));
        Assert.That(FakeConverter.IsRunning(fake.Started[0]), Is.False);
    }

    [Test]
    public async Task TryConvertAsync_OutputPastMaxAudio_KillsAndRefuses()
    {
        using var fake = new FakeConverter();
        var converter = new ExternalAudioConverter(fake.Options());
        var budget = HostileInput.Budget(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<AudioLimitExceededException>(
            () => converter.TryConvertAsync(FloodingFlac, budget, CancellationToken.None).WaitAsync(TestTimeouts.Unit));

        Assert.That(error!.Message, Is.EqualTo("the file decodes to more than 10 s of audio; the limit is 10 s (Stt:Api:MaxFileSeconds)"));
        Assert.That(FakeConverter.IsRunning(fake.Started[0]), Is.False, "a converter writing forever is killed at the cap");
    }

    [Test]
    public async Task TryConvertAsync_HoursOfSilenceFlac_RefusedAndFfmpegGone()
    {
        RequireFfmpeg();
        var flac = await RunFfmpegAsync("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "3:00:00", "-c:a", "flac", "-f", "flac", "pipe:1");
        var converter = new ExternalAudioConverter(new ExternalAudioConverterOptions());
        var budget = HostileInput.Budget(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<AudioLimitExceededException>(
            () => converter.TryConvertAsync(flac, budget, CancellationToken.None).WaitAsync(TestTimeouts.Server));

        Assert.That(flac, Has.Length.LessThan(3_000_000), "a few MB of FLAC that would be 690 MB of samples");
        Assert.That(error!.Message, Is.EqualTo("the file decodes to more than 60 s of audio; the limit is 60 s (Stt:Api:MaxFileSeconds)"));
        Assert.That(FfmpegChildren(), Is.Empty, "ffmpeg is killed and waited for");
    }

    [Test]
    public async Task TryConvertAsync_ShortFlac_ConvertsAsBefore()
    {
        RequireFfmpeg();
        var flac = await RunFfmpegAsync("-f", "lavfi", "-i", "sine=frequency=300:sample_rate=44100", "-t", "2", "-c:a", "flac", "-f", "flac", "pipe:1");
        var converter = new ExternalAudioConverter(new ExternalAudioConverterOptions());

        var audio = await converter.TryConvertAsync(flac, Budget, CancellationToken.None).WaitAsync(TestTimeouts.Server);

        Assert.That(audio!.Duration.TotalSeconds, Is.EqualTo(2.0).Within(0.01));
        Assert.That(audio.Format, Is.EqualTo("FLAC, converted by ffmpeg"));
        Assert.That(OpusStreamDecoderTests.Rms(audio.Samples), Is.GreaterThan(0.05), "a tone (ffmpeg's sine is at 1/8 of full scale), not silence");
    }

    /// <summary>A file in a container our readers know but refuse, which ffmpeg reads.</summary>
    private static byte[] RefusedContainer(string kind)
    {
        var tone = TestSpeech.Tones(1).Samples;
        switch (kind)
        {
            case "compressed WAV":
                var wav = WavWriter.Write(tone, 16000);
                BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(20), 85); // MPEG layer 3 in WAV
                return wav;
            case "Ogg Vorbis":
                var ogg = OggOpusWriter.Write(OpusEncoding.Encode(tone));
                "\x01vorbis\0"u8.CopyTo(ogg.AsSpan(28)); // the first packet no longer an OpusHead; its page's CRC fixed below
                BinaryPrimitives.WriteUInt32LittleEndian(ogg.AsSpan(22), OggPageReader.Crc(ogg.AsSpan(0, 27 + 1 + 19)));
                return ogg;
            default:
                return WebMWriter.Write(OpusEncoding.Encode(tone), codec: "A_VORBIS");
        }
    }

    private static void RequireFfmpeg()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        if (!OperatingSystem.IsLinux() || !path.Split(':').Any(folder => File.Exists(Path.Combine(folder, "ffmpeg"))))
        {
            Assert.Ignore("needs ffmpeg installed (apt-get install ffmpeg) on Linux");
        }
    }

    private static async Task<byte[]> RunFfmpegAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", .. arguments])
        {
            RedirectStandardOutput = true,
        })!;
        using var output = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(output).WaitAsync(TestTimeouts.Server);
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Server);
        Assert.That(process.ExitCode, Is.Zero, "ffmpeg made the test file");
        return output.ToArray();
    }

    /// <summary>Processes named ffmpeg whose parent is this test process (zombies included: they were not waited for).</summary>
    private static List<int> FfmpegChildren() => Directory.EnumerateDirectories("/proc")
        .Select(Path.GetFileName)
        .Where(name => name!.All(char.IsAsciiDigit))
        .Select(pid => (Pid: int.Parse(pid!), Stat: ReadStat(pid!)))
        .Where(p => p.Stat is { } stat && stat.Contains("(ffmpeg)") && ParentOf(stat) == Environment.ProcessId)
        .Select(p => p.Pid)
        .ToList();

    private static string? ReadStat(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // it exited while we looked
        }
    }

    /// <summary>"pid (comm) state ppid ...": the field after the state; comm may hold spaces and parentheses, so from the last ')'.</summary>
    private static int ParentOf(string stat) => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
}
