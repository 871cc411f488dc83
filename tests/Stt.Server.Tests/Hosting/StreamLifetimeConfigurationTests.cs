using Microsoft.Extensions.Options;
using Stt.Core.Streaming;

namespace Stt.Server.Tests.Hosting;

/// <summary>How <c>Stt:Streams</c> is bound, and that the keys it replaced still set it.</summary>
[Unit]
public sealed class StreamLifetimeConfigurationTests
{
    private static StreamLifetimeOptions Bind(Dictionary<string, string?> settings) => BoundOptions.Of<StreamLifetimeOptions>(settings);

    [Test]
    public void Bind_Nothing_Defaults()
    {
        var options = Bind([]);

        Assert.That(options.IdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.MaxDuration, Is.EqualTo(TimeSpan.FromHours(4)));
    }

    [Test]
    public void Bind_StreamsSection_SetsBoth()
    {
        var options = Bind(new() { ["Stt:Streams:IdleTimeout"] = "00:00:05", ["Stt:Streams:MaxDuration"] = "01:00:00" });

        Assert.That(options.IdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(options.MaxDuration, Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [TestCase("Stt:Api:StreamIdleTimeout", "Stt:Api:MaxStreamDuration", TestName = "Bind_OldApiKeys_StillSetBoth")]
    [TestCase("Stt:Sessions:IdleTimeout", "Stt:Sessions:MaxDuration", TestName = "Bind_OldSessionKeys_StillSetBoth")]
    public void Bind_OldKeys_StillSetBoth(string idleKey, string maxKey)
    {
        var options = Bind(new() { [idleKey] = "00:00:07", [maxKey] = "00:10:00" });

        Assert.That(options.IdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(options.MaxDuration, Is.EqualTo(TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void Bind_OldAndNewKeys_NewKeyWins()
    {
        var options = Bind(new()
        {
            ["Stt:Sessions:IdleTimeout"] = "00:00:03",
            ["Stt:Api:StreamIdleTimeout"] = "00:00:04",
            ["Stt:Streams:IdleTimeout"] = "00:00:05",
            ["Stt:Sessions:MaxDuration"] = "00:01:00",
            ["Stt:Api:MaxStreamDuration"] = "00:02:00",
        });

        Assert.That(options.IdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(options.MaxDuration, Is.EqualTo(TimeSpan.FromMinutes(2)), "the gRPC streams' old key over the browser sessions'");
    }

    [Test]
    public void Bind_ZeroIdleTimeout_FailsValidation()
    {
        Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Stt:Streams:IdleTimeout"] = "00:00:00" }));
    }
}
