using Microsoft.Extensions.Configuration;
using Stt.Core.Hosting;
using Stt.Testing;

namespace Stt.Server.Tests.Hosting;

/// <summary>What the startup log says of renamed keys a configuration still uses.</summary>
[Unit]
public sealed class RenamedSettingsWarningTests
{
    private static async Task<IReadOnlyList<LogLine>> WarningsAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var log = new LogRecorder();
        await new RenamedSettingsWarning(configuration, log.For<RenamedSettingsWarning>()).StartAsync(CancellationToken.None);
        return log.Lines;
    }

    [Test]
    public async Task StartAsync_OnlyNewKeys_NoWarning()
    {
        var lines = await WarningsAsync(new() { ["Stt:Streams:IdleTimeout"] = "00:00:05", ["Stt:Inference:MaxQueuedPasses"] = "32" });

        Assert.That(lines, Is.Empty);
    }

    [Test]
    public async Task StartAsync_AnOldKey_NamesItAndItsNewName()
    {
        var lines = await WarningsAsync(new() { ["Stt:Inference:MaxQueuedJobs"] = "16" });

        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0].Level, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
        Assert.That(lines[0].Message, Does.Contain("Stt:Inference:MaxQueuedJobs").And.Contain("Stt:Inference:MaxQueuedPasses"));
    }

    [Test]
    public async Task StartAsync_TwoOldKeysDisagree_SaysWhichValueApplies()
    {
        var lines = await WarningsAsync(new() { ["Stt:Sessions:IdleTimeout"] = "00:01:00", ["Stt:Api:StreamIdleTimeout"] = "00:00:10" });

        Assert.That(lines.Count(line => line.Message.Contains("is an old name of Stt:Streams:IdleTimeout", StringComparison.Ordinal)), Is.EqualTo(2));
        var disagreement = lines.Single(line => line.Message.Contains("different values", StringComparison.Ordinal));
        Assert.That(disagreement.Message, Does.Contain("00:00:10 (from Stt:Api:StreamIdleTimeout) applies"), "the gRPC streams' key is the stronger");
    }

    [Test]
    public async Task StartAsync_NewKeyBesideAnOldOneWithAnotherValue_TheNewKeyApplies()
    {
        var lines = await WarningsAsync(new() { ["Stt:Sessions:MaxDuration"] = "01:00:00", ["Stt:Streams:MaxDuration"] = "02:00:00" });

        Assert.That(lines.Single(line => line.Message.Contains("different values", StringComparison.Ordinal)).Message,
            Does.Contain("02:00:00 (from Stt:Streams:MaxDuration) applies"));
    }
}
