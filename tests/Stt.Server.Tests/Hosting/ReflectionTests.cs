using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.Hosting;

/// <summary>
/// Server reflection as grpcurl users rely on it, exercised with `buf curl` (grpcurl is in no registry here;
/// both use the same grpc.reflection service).
/// </summary>
[Integration]
public sealed class ReflectionTests
{
    private SpeechServer _server = null!;
    private string _buf = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _buf = await FindOrInstallBufAsync();
        _server = await SpeechServer.StartAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task BufCurl_ListServices_IncludesSpeechHealthAndReflection()
    {
        var output = await RunAsync("curl", "--protocol", "grpc", "--http2-prior-knowledge", "--list-services", _server.GrpcAddress.ToString().TrimEnd('/'));

        Assert.That(output, Does.Contain("stt.v1.SpeechToText").And.Contain("grpc.health.v1.Health"));
    }

    [Test]
    public async Task BufCurl_UnaryCallThroughReflection_ReturnsJson()
    {
        var output = await RunAsync("curl", "--protocol", "grpc", "--http2-prior-knowledge", "--data", "{}",
            new Uri(_server.GrpcAddress, "stt.v1.SpeechToText/GetServerInfo").ToString());

        Assert.That(output, Does.Contain($"\"name\": \"{TestModels.ServerModel}\""));
    }

    [Test]
    public async Task BufCurl_TranscribeBase64File_ReturnsDuration()
    {
        var wav = Convert.ToBase64String(WavWriter.Write(TestSpeech.Silence(2), 16000));

        var output = await RunAsync("curl", "--protocol", "grpc", "--http2-prior-knowledge", "--data", $"{{\"content\": \"{wav}\"}}",
            new Uri(_server.GrpcAddress, "stt.v1.SpeechToText/Transcribe").ToString());

        Assert.That(output, Does.Contain("\"duration\": \"2s\""));
    }

    [Test]
    public async Task BufCurl_StreamingCallFromStdin_ReturnsFinalsAndSummary()
    {
        // What the README's grpcurl example does: a config message, then 100 ms PCM chunks, as JSON on stdin.
        var pcm = WavWriter.Write(TestSpeech.Jfk.Samples, 16000).AsSpan(44).ToArray();
        var messages = new System.Text.StringBuilder("""{"config":{"encoding":"LINEAR16","sampleRateHertz":16000,"channels":1,"language":"en"}}""" + "\n");
        foreach (var chunk in pcm.Chunk(3200))
        {
            messages.Append("{\"audio\":{\"linear16\":\"").Append(Convert.ToBase64String(chunk)).Append("\"}}\n");
        }

        var output = await RunWithInputAsync(messages.ToString(), "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--data", "@-",
            new Uri(_server.GrpcAddress, "stt.v1.SpeechToText/StreamingTranscribe").ToString());

        Assert.That(output, Does.Contain("\"isFinal\": true").And.Contain("\"summary\""));
    }

    private Task<string> RunAsync(params string[] arguments) => RunWithInputAsync(null, arguments);

    private async Task<string> RunWithInputAsync(string? stdin, params string[] arguments)
    {
        var result = await Processes.RunAsync(_buf, arguments, stdin: stdin, timeout: TimeSpan.FromSeconds(60));
        TestContext.Out.WriteLine(result.Stdout.Length > 2000 ? result.Stdout[..2000] : result.Stdout);
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        return result.Stdout;
    }

    /// <summary>buf from tests/tools (installed by `npm ci` there, as .ci/run does, or here on first use).</summary>
    private static async Task<string> FindOrInstallBufAsync()
    {
        var tools = Path.Combine(RepositoryPaths.Root, "tests", "tools");
        var buf = Path.Combine(tools, "node_modules", ".bin", "buf");
        if (!await Processes.EnsureNpmPackagesAsync(tools) || !File.Exists(buf))
        {
            Assert.Ignore("buf is not installed and could not be (npm missing or the registry unreachable): run `npm ci` in tests/tools");
        }

        return buf;
    }
}
