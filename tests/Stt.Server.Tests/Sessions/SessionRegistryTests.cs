using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stt.Audio;
using Stt.Core.Detection;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Server.Sessions;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.Sessions;

[Unit]
public sealed class SessionRegistryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly StreamRequest Settings = new(new RecognitionOptions("en"), InterimResults: false);
    private static readonly StreamAudioFormat Format = new(StreamEncoding.Opus, 48000, 1);
    private const string Owner = "0a1b2c3d4e5f";

    private static string ShortHash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..8];

    private static SessionRegistry Registry(
        SchedulerHarness harness, TimeProvider? clock = null, SessionOptions? options = null, StreamLifetimeOptions? lifetime = null, LogRecorder? logs = null) => new(
        new StreamTranscriberFactory(harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default),
        Options.Create(options ?? new SessionOptions()),
        TestRunners.For(lifetime, clock),
        clock ?? TimeProvider.System,
        (logs ?? new LogRecorder()).For<SessionRegistry>());

    [Test]
    public async Task Get_TheOwner_ReturnsTheSession()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var registry = Registry(harness);
        var session = registry.Open(Settings, Format, "request", Owner);

        var found = registry.Get(session.Id, Owner);

        Assert.That(found, Is.SameAs(session));
        await registry.CloseAsync(session).WaitAsync(Timeout);
    }

    [TestCase("1a2b3c4d5e6f", TestName = "Get_AnotherKey_TheAnswerForAnUnknownId")]
    [TestCase("127.0.0.2", TestName = "Get_AnotherAddress_TheAnswerForAnUnknownId")]
    [TestCase("0a1b2c3d4e5", TestName = "Get_APrefixOfTheOwner_TheAnswerForAnUnknownId")]
    [TestCase("", TestName = "Get_NoCaller_TheAnswerForAnUnknownId")]
    public async Task Get_AnotherCaller_TheAnswerForAnUnknownId(string caller)
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var registry = Registry(harness);
        var session = registry.Open(Settings, Format, "request", Owner);
        var unknown = Assert.Throws<SessionNotFoundException>(() => registry.Get("no-such-session", Owner));

        var other = Assert.Throws<SessionNotFoundException>(() => registry.Get(session.Id, caller));

        Assert.That(other!.Message, Is.EqualTo(unknown!.Message));
        Assert.That(other.Message, Does.Not.Contain(session.Id));
        await registry.CloseAsync(session).WaitAsync(Timeout);
    }

    [Test]
    public async Task PushAsync_AfterClose_TheAnswerForAnUnknownId()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var registry = Registry(harness);
        var session = registry.Open(Settings, Format, "request", Owner);
        await registry.CloseAsync(session).WaitAsync(Timeout);

        var error = await Assert.ThrowsAsync<SessionNotFoundException>(async () => await session.PushAsync(0, null, end: true, CancellationToken.None).WaitAsync(Timeout));

        Assert.That(error!.Message, Is.EqualTo(SessionNotFoundException.Text));
    }

    [Test]
    public async Task SweepAsync_EverySessionEnding_LogsAShortHashNeverTheId()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        var clock = new FakeTimeProvider();
        var logs = new LogRecorder();
        var options = new SessionOptions { DetachedGrace = TimeSpan.FromSeconds(2) };
        var lifetime = new StreamLifetimeOptions { IdleTimeout = TimeSpan.FromSeconds(2), MaxDuration = TimeSpan.FromSeconds(3) };
        using var registry = Registry(harness, clock, options, lifetime, logs);
        var idle = registry.Open(Settings, Format, "request-idle", Owner);
        var detached = registry.Open(Settings, Format, "request-detached", Owner);
        detached.TryAttach();
        detached.Detach();

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(await idle.Ended.WaitAsync(Timeout), Is.EqualTo(StreamEndReason.Idle), "its runner ends it");
        await registry.SweepAsync().WaitAsync(Timeout); // detached closes
        var tooLong = registry.Open(Settings, Format, "request-long", Owner);
        for (ulong sequence = 0; sequence < 2; sequence++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await tooLong.PushAsync(sequence, null, end: false, CancellationToken.None).WaitAsync(Timeout);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await tooLong.Ended.WaitAsync(Timeout), Is.EqualTo(StreamEndReason.MaxDuration), "three seconds old, pushed to a second ago");
        await Eventually.TrueAsync(() => logs.Lines.Count(l => l.Level > LogLevel.Debug) == 3, Timeout);
        await registry.CloseAsync(idle).WaitAsync(Timeout);
        await registry.CloseAsync(tooLong).WaitAsync(Timeout);

        var ids = new[] { idle.Id, detached.Id, tooLong.Id };
        var named = logs.Lines.Where(l => l.Level > LogLevel.Debug).ToList();
        Assert.That(named.Select(l => l.EventId), Is.EquivalentTo(new[] { 302, 303, 304 }), "idle, detached too long, too long");
        Assert.That(logs.Lines.Where(l => ids.Any(l.Contains)).Select(l => l.Message), Is.Empty, "no line names a session by its id");
        Assert.That(named.Select(l => l.Message), Is.EquivalentTo(new[]
        {
            $"Session {ShortHash(idle.Id)}: no audio for the idle timeout; flushing and closing",
            $"Session {ShortHash(detached.Id)}: results stream gone past the grace period; closing",
            $"Session {ShortHash(tooLong.Id)}: reached the maximum duration; flushing and closing",
        }));
    }
}
