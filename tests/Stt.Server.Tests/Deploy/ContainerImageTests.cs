using System.Diagnostics;
using System.Text.Json;
using Stt.Core.Security;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.Deploy;

/// <summary>
/// deploy/Dockerfile built and run with podman (runc; --network=none, so clients run inside the container). No registry
/// is reachable here, so the official images are replaced by build arguments: the runtime stage starts from a Debian
/// made with mmdebstrap plus this machine's .NET runtime, and the app comes published on the host (APP_SOURCE=prebuilt)
/// because the SDK stage cannot run in a container here. Everything after those two stages is the Dockerfile as shipped.
/// </summary>
[Deployment]
public sealed class ContainerImageTests
{
    private readonly string _image = $"localhost/stt-test/stt:{Guid.NewGuid():N}";
    private readonly List<string> _containers = [];
    private readonly List<string> _stages = [];
    private string _audio = null!;

    [OneTimeSetUp]
    public async Task BuildImage()
    {
        if (!Podman.IsInstalled)
        {
            Assert.Ignore("needs podman and mmdebstrap (apt-get install podman runc mmdebstrap; .ci/run installs them)");
        }

        var runtime = await Podman.RuntimeImageAsync();
        var published = await PublishedApp.GetAsync();
        var context = Path.Combine(Path.GetTempPath(), $"stt-image-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(context, "app"));
            await Processes.RunAsync("cp", ["-a", Path.Combine(published, "server"), Path.Combine(published, "cli"), Path.Combine(context, "app")]);
            var built = await Podman.RequireAsync(
                "build", "--format", "docker", "--network=none",
                "-f", Path.Combine(RepositoryPaths.Root, "deploy", "Dockerfile"),
                "--build-arg", "APP_SOURCE=prebuilt",
                "--build-arg", $"RUNTIME_IMAGE={runtime}",
                "-t", _image, context);
            _stages.AddRange(System.Text.RegularExpressions.Regex.Matches(built, @"^--> ([0-9a-f]{6,})$", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value));
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }

        _audio = Path.Combine(Path.GetTempPath(), $"stt-image-audio-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_audio);
        File.WriteAllBytes(Path.Combine(_audio, "jfk.wav"), WavWriter.Write(TestSpeech.Jfk.Samples, 16000));
    }

    [OneTimeTearDown]
    public async Task RemoveImage()
    {
        foreach (var container in _containers)
        {
            await Podman.RunAsync("rm", "-f", "-v", container);
            await Podman.RunAsync("volume", "rm", "-f", container + "-models");
        }

        if (Podman.IsInstalled)
        {
            await Podman.RunAsync("rmi", "-f", _image);
            foreach (var stage in _stages)
            {
                await Podman.RunAsync("rmi", stage); // what this build left of its intermediate stages; fails for layers still in use
            }
        }

        if (_audio is not null)
        {
            Directory.Delete(_audio, recursive: true);
        }
    }

    [Test]
    public async Task Image_AsBuilt_RunsAsNonRootWithTheModelVolumeBothPortsAndAHealthCheck()
    {
        var config = JsonDocument.Parse(await Podman.RequireAsync("image", "inspect", "--format", "{{json .Config}}", _image)).RootElement;
        var health = JsonDocument.Parse(await Podman.RequireAsync("image", "inspect", "--format", "{{json .HealthCheck}}", _image)).RootElement;
        var environment = config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(config.GetProperty("User").GetString(), Is.EqualTo("1654:1654"));
            Assert.That(environment, Does.Contain("MALLOC_ARENA_MAX=2").And.Contain("Stt__ModelCache=/models"));
            Assert.That(config.GetProperty("Volumes").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "/models" }));
            Assert.That(config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "50051/tcp", "8080/tcp", "9464/tcp" }));
            Assert.That(health.GetProperty("Test").EnumerateArray().Select(t => t.GetString()), Does.Contain("health"), "the image's own health check (stt health)");
            Assert.That(config.GetProperty("StopSignal").GetString(), Is.EqualTo("SIGTERM"));
        });
    }

    [Test]
    public async Task Container_WithAKeyAndAModelVolume_BecomesHealthyAndTranscribesAFile()
    {
        var key = ApiKeys.NewKey();
        var container = await RunAsync(key);

        var transcript = await ExecAsync(container, key, "stt", "transcribe", "/audio/jfk.wav");
        var withoutKey = await ExecAsync(container, null, "stt", "transcribe", "/audio/jfk.wav");
        var volume = await ExecAsync(container, null, "ls", "/models");

        Assert.Multiple(() =>
        {
            Assert.That(transcript.ExitCode, Is.Zero, transcript.Stderr);
            Assert.That(transcript.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.Match(@"^\[\d+\.\d\d-\d+\.\d\d\] "));
            Assert.That(withoutKey.ExitCode, Is.EqualTo(3), "refused without the key");
            Assert.That(withoutKey.Stderr, Does.Contain("Unauthenticated"));
            Assert.That(volume.Stdout, Does.Contain("ggml-synthetic"), "the model cache is the volume");
        });
    }

    [Test]
    public async Task Container_SigtermDuringALiveStream_FinalsArriveAndItExitsCleanlyBeforeTheStopTimeout()
    {
        var key = ApiKeys.NewKey();
        var container = await RunAsync(key);
        var stream = Process.Start(new ProcessStartInfo("podman", ["exec", "-e", $"STT_API_KEY={key}", container, "stt", "stream", "--json", "--no-interims", "/audio/jfk.wav"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["CONTAINERS_CONF"] = Podman.Environment["CONTAINERS_CONF"] },
        })!;
        var stderr = stream.StandardError.ReadToEndAsync();
        var finals = new List<JsonElement>();
        var stopping = Task.CompletedTask;
        var clock = new Stopwatch();
        using var timeout = new CancellationTokenSource(TestTimeouts.Slow);
        while (await stream.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (JsonDocument.Parse(line).RootElement.TryGetProperty("segment", out var segment))
            {
                finals.Add(segment);
                if (finals.Count == 1)
                {
                    // docker stop / a kubelet: SIGTERM, then SIGKILL after the stop timeout (30 s here).
                    clock.Start();
                    stopping = Podman.RequireAsync("stop", "--time", "30", container);
                }
            }
        }

        await stopping.WaitAsync(TestTimeouts.Slow);
        clock.Stop();
        await stream.WaitForExitAsync(timeout.Token);
        var state = await Podman.RequireAsync("inspect", "--format", "{{.State.ExitCode}}", container);
        var log = (await Podman.RunAsync("logs", container)).Stderr;
        TestContext.Out.WriteLine($"stopped in {clock.ElapsedMilliseconds} ms\n{string.Join("\n", finals)}\n{await stderr}");

        Assert.Multiple(async () =>
        {
            Assert.That(finals, Has.Count.GreaterThanOrEqualTo(2), "the finals of what the server received came after the signal");
            Assert.That(await stderr, Does.Contain("Unavailable: the server is shutting down"));
            Assert.That(state.Trim(), Is.EqualTo("0"), "the server exited by itself, within the stop timeout (SIGKILL would be 137)");
            Assert.That(log + (await Podman.RunAsync("logs", container)).Stdout, Does.Contain("Drained in"));
        });
        stream.Dispose();
    }

    /// <summary>
    /// Runs the image as deploy/README.md does (a model volume, an API key) and as the Deployment's securityContext
    /// does (read-only root filesystem with /tmp in memory, no capabilities, no privilege escalation), with the test
    /// model; waits until its health check passes.
    /// </summary>
    private async Task<string> RunAsync(string key)
    {
        var name = $"stt-test-{Guid.NewGuid():N}";
        _containers.Add(name);
        await Podman.RequireAsync(
            "run", "-d", "--name", name, "--network=none", "--health-interval", "disable", "--stop-timeout", "30",
            "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "-v", $"{name}-models:/models", "-v", $"{_audio}:/audio:ro",
            "-e", "Stt__Model=synthetic", "-e", $"Stt__Auth__ApiKeys__0={ApiKeys.Digest(key)}",
            _image);
        var clock = Stopwatch.StartNew();
        try
        {
            await Eventually.TrueAsync(async _ => (await Podman.RunAsync("healthcheck", "run", name)).ExitCode == 0, TestTimeouts.Slow, poll: TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"not healthy within {TestTimeouts.Slow}: {(await Podman.RunAsync("logs", name)).Stdout}");
        }

        TestContext.Out.WriteLine($"healthy {clock.ElapsedMilliseconds} ms after start");
        return name;
    }

    private static async Task<Processes.Result> ExecAsync(string container, string? key, params string[] command) =>
        await Podman.RunAsync(["exec", .. key is null ? Array.Empty<string>() : ["-e", $"STT_API_KEY={key}"], container, .. command]);
}
