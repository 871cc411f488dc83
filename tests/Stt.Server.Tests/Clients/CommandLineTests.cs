using System.Text.RegularExpressions;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.Clients;

/// <summary>The `stt` command, the Python client and the Node.js client, run as processes against the real server.</summary>
[Integration]
public sealed partial class CommandLineTests : ServerTests
{
    private string Server_ => $"{Server.GrpcAddress.Host}:{Server.GrpcAddress.Port}";

    private static Task<Processes.Result> SttAsync(params string[] arguments) => Processes.RunAsync("dotnet", [CommandLine.Stt, .. arguments]);

    private static void AssertSegmentLines(Processes.Result result)
    {
        TestContext.Out.WriteLine(result.Stdout + result.Stderr);
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines, Has.All.Matches(SegmentLine()));
    }

    [Test]
    public async Task Stt_Transcribe_PrintsSegmentLines() =>
        AssertSegmentLines(await SttAsync("transcribe", "--server", Server_, ClientFiles.Wav));

    [Test]
    public async Task Stt_TranscribeFlac_PrintsSegmentLines()
    {
        var flac = await ClientFiles.FlacAsync();
        if (flac is null || !(Processes.Exists("ffmpeg") || Processes.Exists("flac")))
        {
            Assert.Ignore("needs ffmpeg or flac installed (apt-get install flac) to read FLAC");
        }

        AssertSegmentLines(await SttAsync("transcribe", "--server", Server_, flac));
    }

    [TestCase("srt", "00:00:0")]
    [TestCase("vtt", "WEBVTT")]
    [TestCase("json", "\"segments\"")]
    public async Task Stt_TranscribeFormats_PrintTheFormat(string format, string expected)
    {
        var result = await SttAsync("transcribe", "--server", Server_, "--format", format, ClientFiles.Wav);

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain(expected));
    }

    [Test]
    public async Task Stt_StreamFast_PrintsFinalsAndSummary()
    {
        var result = await SttAsync("stream", "--fast", "--server", Server_, ClientFiles.Wav);

        AssertSegmentLines(result);
        Assert.That(result.Stderr, Does.Contain("s of audio"));
    }

    [Test]
    public async Task Stt_StreamJson_PrintsOneObjectPerResponse()
    {
        var result = await SttAsync("stream", "--fast", "--json", "--server", Server_, ClientFiles.Wav);

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.All.StartsWith("{"));
        Assert.That(lines[^1], Does.Contain("\"summary\""));
    }

    [Test]
    public async Task Stt_Info_ShowsTheModel()
    {
        var result = await SttAsync("info", "--server", Server_);

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain(TestModels.ServerModel));
    }

    [Test]
    public async Task Stt_Unreachable_ExitsFour()
    {
        var result = await SttAsync("info", "--server", "127.0.0.1:1");

        Assert.That(result.ExitCode, Is.EqualTo(4));
        Assert.That(result.Stderr, Does.Contain("cannot reach the server"));
    }

    [Test]
    public async Task Stt_BadUsage_ExitsTwo()
    {
        Assert.That((await SttAsync("transcribe")).ExitCode, Is.EqualTo(2));
        Assert.That((await SttAsync("frobnicate")).ExitCode, Is.EqualTo(2));
        Assert.That((await SttAsync("transcribe", "--server", Server_, "/no/such/file.wav")).ExitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task Stt_ModelsList_ShowsTheCatalogue()
    {
        var result = await SttAsync("models", "list", "--cache", TestModels.CacheDirectory);

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("base.en").And.Contain("tiny-q5_1"));
    }

    [Test]
    public async Task Stt_Bench_TwoStreams_ReportsLatencies()
    {
        var folder = SpeechFolder("bench-audio");

        var result = await SttAsync("bench", "--server", Server_, "--streams", "2", "--duration", "6", "--rate", "2", "--audio", folder, "--json", Path.Combine(folder, "bench.json"));

        TestContext.Out.WriteLine(result.Stdout);
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("Live streams"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "bench.json")), Does.Contain("\"FinalLatencyMs\""));
    }

    [Test]
    public async Task Stt_BenchDirect_ReportsTheBaseline()
    {
        var folder = SpeechFolder("bench-direct");

        var result = await SttAsync("bench", "--direct", "--server", Server_, "--audio", folder, "--unary-calls", "2", "--cache", TestModels.CacheDirectory);

        TestContext.Out.WriteLine(result.Stdout);
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("Overhead ratio").And.Contain("compute amplification"));
    }

    [Test]
    public async Task Stt_BenchWer_ScoresOfflineAndStreamingAgainstTheReference()
    {
        var folder = SpeechFolder("bench-wer");
        var reference = TestSpeech.Jfk.Transcript ?? "tone bursts have no words"; // tones: the last fallback
        File.WriteAllText(Path.Combine(folder, "speech.txt"), reference);
        var json = Path.Combine(folder, "wer.json");

        var result = await SttAsync("bench", "--wer", folder, "--rate", "4", "--server", Server_, "--json", json);

        TestContext.Out.WriteLine(result.Stdout);
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        var words = Cli.Accuracy.EnglishTextNormalizer.Words(reference).Length;
        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Does.Contain("Word error rate").And.Contain("speech"));
            // The test model's words are random, so the rates themselves are not checked; the scoring of both modes is.
            foreach (var mode in new[] { "offline", "streaming" })
            {
                var summary = report.RootElement.GetProperty(mode);
                Assert.That(summary.GetProperty("referenceWords").GetInt32(), Is.EqualTo(words), mode);
                Assert.That(summary.GetProperty("wer").GetDouble(), Is.GreaterThanOrEqualTo(0), mode);
            }

            var recording = report.RootElement.GetProperty("recordings")[0];
            Assert.That(recording.GetProperty("offline").GetProperty("text").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Stt_BenchWer_FolderWithoutTranscripts_IsAUsageError()
    {
        var folder = Directory.CreateTempSubdirectory("stt-wer-empty-").FullName;

        var result = await SttAsync("bench", "--wer", folder, "--server", Server_);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain("no recordings with reference transcripts"));
        });
    }

    [Test]
    public async Task PythonClient_StreamsWav_PrintsSegmentLines()
    {
        const string python = "/usr/bin/python3";
        var probe = Processes.Exists(python) ? await Processes.RunAsync(python, ["-c", "import grpc, grpc_tools, setuptools, wheel, venv"]) : null;
        if (probe is not { ExitCode: 0 })
        {
            Assert.Ignore("Debian's python3 with python3-grpcio, python3-grpc-tools, python3-setuptools, python3-wheel and python3-venv is needed");
        }

        // The package as a user installs it: a wheel (stubs generated while it is built) in a fresh virtual environment.
        var folder = Directory.CreateTempSubdirectory("stt-python-client-").FullName;
        var wheel = await Processes.RunAsync(python, ["-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index", "-w", folder, Path.Combine(RepositoryPaths.Root, "clients", "python")]);
        Assert.That(wheel.ExitCode, Is.Zero, wheel.Stdout + wheel.Stderr);
        var venv = Path.Combine(folder, "venv");
        Assert.That((await Processes.RunAsync(python, ["-m", "venv", "--system-site-packages", venv])).ExitCode, Is.Zero);
        var install = await Processes.RunAsync(Path.Combine(venv, "bin", "pip"), ["install", "--no-index", .. Directory.GetFiles(folder, "*.whl")]);
        Assert.That(install.ExitCode, Is.Zero, install.Stdout + install.Stderr);

        try
        {
            AssertSegmentLines(await Processes.RunAsync(Path.Combine(venv, "bin", "stt-transcribe"), ["--server", Server_, ClientFiles.Wav], workingDirectory: folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task NodeClient_StreamsWav_PrintsSegmentLines()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "clients", "node");
        if (!Processes.Exists("node") || !await Processes.EnsureNpmPackagesAsync(folder))
        {
            Assert.Ignore("Node.js with npm (and the registry, for `npm ci` in clients/node) is needed");
        }

        if (!File.Exists(Path.Combine(folder, "dist", "index.js")))
        {
            var build = await Processes.RunAsync("npm", ["run", "build"], folder, timeout: TimeSpan.FromMinutes(3));
            Assert.That(build.ExitCode, Is.Zero, build.Stdout + build.Stderr);
        }

        AssertSegmentLines(await Processes.RunAsync("node", [Path.Combine(folder, "examples", "transcribe.mjs"), "--server", Server_, ClientFiles.Wav]));
    }

    [GeneratedRegex(@"^\[\d+\.\d\d-\d+\.\d\d\] \S")]
    private static partial Regex SegmentLine();

    /// <summary>A folder of its own holding the test recording as speech.wav (what `stt bench --audio` reads).</summary>
    private static string SpeechFolder(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"stt-{name}-{Environment.ProcessId}")).FullName;
        File.Copy(ClientFiles.Wav, Path.Combine(folder, "speech.wav"), overwrite: true);
        return folder;
    }
}
