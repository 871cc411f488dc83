using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Stt.Client;
using Stt.Server.Tests.Clients;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.Deploy;

/// <summary>The replicas without a proxy: the client balances over their addresses itself (static resolver, round_robin).</summary>
public sealed class RoundRobinFailoverTests : ReplicaFailoverTests
{
    private static readonly string Stt = Path.Combine(
        RepositoryPaths.Root, "clients", "Stt.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "stt.dll");

    [Test]
    public async Task SttStream_ReplicaKilledMidStream_PrintsOneTranscriptOfTheWholeFile()
    {
        using var replicas = await ReplicaSet.StartAsync(3);
        var servers = string.Join(",", replicas.GrpcAddresses.Select(a => $"{a.Host}:{a.Port}"));
        using var stt = Process.Start(new ProcessStartInfo("dotnet", [Stt, "stream", "--json", "--no-interims", "--server", servers, ClientFiles.Wav])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = stt.StandardError.ReadToEndAsync();
        var lines = new List<JsonElement>();
        string? line;
        var killed = false;
        using var timeout = new CancellationTokenSource(TestTimeouts.Slow);
        while ((line = await stt.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
        {
            var response = JsonDocument.Parse(line).RootElement;
            lines.Add(response);
            if (!killed && response.TryGetProperty("segment", out var segment) && segment.TryGetProperty("isFinal", out _))
            {
                await replicas.SignalStreamHolderAsync("KILL", TestTimeouts.Slow);
                killed = true;
            }
        }

        await stt.WaitForExitAsync(timeout.Token);
        var finals = lines.Where(l => l.TryGetProperty("segment", out _)).Select(l => l.GetProperty("segment")).ToList();
        var summary = lines.Single(l => l.TryGetProperty("summary", out _)).GetProperty("summary");
        TestContext.Out.WriteLine(string.Join("\n", lines) + "\n" + await stderr);
        Assert.Multiple(async () =>
        {
            Assert.That(stt.ExitCode, Is.Zero);
            Assert.That(killed, Is.True);
            Assert.That(await stderr, Does.Contain("the server's stream ended"), "the failover is noted on stderr");
            Assert.That(finals.Select(f => f.GetProperty("id").GetInt32()), Is.EqualTo(Enumerable.Range(1, finals.Count)), "final ids run on");
            for (var i = 1; i < finals.Count; i++)
            {
                Assert.That(Seconds(finals[i], "start"), Is.GreaterThanOrEqualTo(Seconds(finals[i - 1], "end")), "finals in order, not overlapping");
            }

            Assert.That(summary.GetProperty("audioSeconds").GetDouble(), Is.EqualTo(TestSpeech.Jfk.Duration.TotalSeconds).Within(0.021));
        });
    }

    protected override async Task<SpeechClient> ConnectAsync(ReplicaSet replicas)
    {
        // round_robin picks among the replicas it is connected to: a first call makes it connect to all of them, which
        // takes a moment; a client that has been running for a while is past this. Once every replica has answered a
        // call, the client is connected to all of them.
        var client = new SpeechClient(replicas.GrpcAddresses);
        await Eventually.ReadAsync(
            async cancellationToken =>
            {
                await client.GetServerInfoAsync(cancellationToken);
                return Enumerable.Range(0, replicas.Servers.Count).Select(i => replicas.CallsLogged(i, "GetServerInfo", Grpc.Core.StatusCode.OK)).ToArray();
            },
            answered => answered.All(calls => calls > 0),
            TestTimeouts.Slow,
            answered => $"replicas answered [{string.Join(", ", answered)}] calls",
            poll: TimeSpan.FromMilliseconds(25));
        return client;
    }

    private static double Seconds(JsonElement segment, string name) =>
        double.Parse(segment.GetProperty(name).GetString()!.TrimEnd('s'), CultureInfo.InvariantCulture);
}
