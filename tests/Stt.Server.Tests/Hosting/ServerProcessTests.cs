using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.Hosting;

/// <summary>The built server started as a process, as the README starts it.</summary>
[Integration]
public sealed class ServerProcessTests
{
    [Test]
    public async Task Start_SyntheticModel_ReportsServingOnHealth()
    {
        _ = TestModels.Synthetic;
        var clock = Stopwatch.StartNew();
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["Stt__Model"] = "synthetic",
            ["Stt__ModelCache"] = TestModels.CacheDirectory,
        });
        await server.WaitUntilListeningAsync(TestTimeouts.Server);
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var health = new Health.HealthClient(channel);

        await server.WaitUntilServingAsync(health, TestTimeouts.Server);

        TestContext.Out.WriteLine($"process start to SERVING: {clock.ElapsedMilliseconds} ms");
        Assert.That(server.Output, Does.Contain("SYNTHETIC model"), "the server says loudly that its transcripts are meaningless");
    }

    [Test]
    public async Task Start_WeightlessModelFile_ExitsWithTheFileAndTheReason()
    {
        var fixture = RepositoryPaths.SharedModels is { } shared ? Path.Combine(shared, "dummy", "for-tests-ggml-base.en.bin") : null;
        if (fixture is null || !File.Exists(fixture))
        {
            Assert.Ignore("../shared/models/dummy is absent on this machine");
        }

        using var server = ServerProcess.Start(new Dictionary<string, string> { ["Stt__Model"] = fixture });

        var exitCode = await server.WaitForExitAsync(TestTimeouts.Server);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(server.Output, Does.Contain(fixture).And.Contain("no weights"));
    }

    [Test]
    public async Task Start_KnownModelOffline_ExitsSayingWhatToDo()
    {
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["Stt__Model"] = "tiny.en",
            ["Stt__ModelCache"] = Path.Combine(Path.GetTempPath(), $"stt-empty-cache-{Guid.NewGuid():N}"),
            ["Stt__ModelBaseUrl"] = "http://127.0.0.1:9/", // nothing listens: as offline as it gets
        });

        var exitCode = await server.WaitForExitAsync(TestTimeouts.Server);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(server.Output, Does.Contain("ggml-tiny.en.bin").And.Contain("Stt__Model").And.Contain("synthetic"));
    }
}
