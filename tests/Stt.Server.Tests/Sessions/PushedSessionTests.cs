using Microsoft.Extensions.Logging.Abstractions;
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
public sealed class PushedSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Three utterances of a 180 Hz tone (1 s each, 1 s apart) as 16 kHz PCM bytes.</summary>
    private static byte[] ThreeUtterances()
    {
        var speech = Enumerable.Range(0, 16000).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 180 * i / 16000))).ToArray();
        float[] samples = [.. TestSpeech.Silence(1), .. speech, .. TestSpeech.Silence(1), .. speech, .. TestSpeech.Silence(1), .. speech, .. TestSpeech.Silence(1)];
        return [.. samples.SelectMany(s => BitConverter.GetBytes((short)(s * short.MaxValue)))];
    }

    [Test]
    public async Task MaxDuration_WhileAPushWaitsForBackPressure_EveryFinalArrivesAfterThePush()
    {
        // One final in flight per stream, and the engine held: the push that ends three utterances waits for slots.
        var recognizer = new FakeRecognizer();
        recognizer.Hold();
        var clock = new FakeTimeProvider();
        await using var harness = await SchedulerHarness.StartAsync(recognizer);
        var factory = new StreamTranscriberFactory(
            harness.Scheduler, Options.Create(new StreamingOptions { MaxPendingFinalsPerStream = 1, SpeculativeFinalAfter = TimeSpan.Zero }), Detectors.Energy(), SegmentFilter.Default);
        var lifetimes = new StreamLifetimeOptions { MaxDuration = TimeSpan.FromSeconds(30) };
        using var registry = new SessionRegistry(factory, Options.Create(new SessionOptions()), TestRunners.For(lifetimes, clock), clock, NullLogger<SessionRegistry>.Instance);
        var session = registry.Open(new StreamRequest(new RecognitionOptions("en"), InterimResults: false), new StreamAudioFormat(StreamEncoding.Linear16, 16000, 1), "request", "owner");
        var events = Task.Run(async () => await session.Transcriber.Events.ReadAllAsync().ToListAsync());

        // The runner decodes and endpoints the push until it must wait: with the engine held, for the second final's slot.
        var push = session.PushAsync(0, AudioPayload.FromPcm(ThreeUtterances()), end: false, CancellationToken.None);
        await Eventually.TrueAsync(() => recognizer.Started == 1, Timeout, poll: TimeSpan.FromMilliseconds(5));
        Assert.That(push.IsCompleted, Is.False, "the push waits for a final slot");

        // The session reaches its maximum duration while that push is in flight.
        clock.Advance(lifetimes.MaxDuration);
        recognizer.Release();
        await push.WaitAsync(Timeout);
        var end = await session.Ended.WaitAsync(Timeout);
        var all = await events.WaitAsync(Timeout);

        var finals = all.OfType<SegmentEvent>().Where(e => e.IsFinal).ToList();
        Assert.That(end, Is.EqualTo(StreamEndReason.MaxDuration));
        Assert.That(finals.Select(f => f.UtteranceId), Is.EqualTo(new uint[] { 1, 2, 3 }), "no final of the push is lost to the ending");
        Assert.That(all[^1], Is.TypeOf<SummaryEvent>());
        await registry.CloseAsync(session).WaitAsync(Timeout);
    }

    [Test]
    public async Task Push_OutOfOrderPastTheByteBound_RefusedNamingTheSetting()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var registry = Registry(harness, new SessionOptions { MaxOutOfOrderBytes = 1000 }, TimeProvider.System);
        var session = Open(registry);
        await session.PushAsync(1, AudioPayload.FromPcm(new byte[800]), end: false, CancellationToken.None).WaitAsync(Timeout);

        var refused = await Assert.ThrowsAsync<PushWindowExceededException>(
            async () => await session.PushAsync(2, AudioPayload.FromPcm(new byte[800]), end: false, CancellationToken.None).WaitAsync(Timeout));

        Assert.That(refused!.Message, Does.Contain("Stt:Sessions:MaxOutOfOrderBytes"));
        await registry.CloseAsync(session).WaitAsync(Timeout);
    }

    [Test]
    public async Task Push_OutOfOrderThenTheMissingOne_WaitingBytesFreed()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var registry = Registry(harness, new SessionOptions { MaxOutOfOrderBytes = 1000 }, TimeProvider.System);
        var session = Open(registry);
        await session.PushAsync(1, AudioPayload.FromPcm(new byte[800]), end: false, CancellationToken.None).WaitAsync(Timeout);
        await session.PushAsync(0, AudioPayload.FromPcm(new byte[800]), end: false, CancellationToken.None).WaitAsync(Timeout);

        var result = await session.PushAsync(3, AudioPayload.FromPcm(new byte[800]), end: false, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(result.NextSequence, Is.EqualTo(2), "push 3 waits for 2, in the room pushes 0 and 1 left");
        await registry.CloseAsync(session).WaitAsync(Timeout);
    }

    [Test]
    public async Task Push_RepeatedDuplicates_DoNotKeepTheSessionAlive()
    {
        var clock = new FakeTimeProvider();
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var registry = new SessionRegistry(
            Factory(harness), Options.Create(new SessionOptions()), TestRunners.For(new StreamLifetimeOptions { IdleTimeout = TimeSpan.FromSeconds(10) }, clock), clock,
            NullLogger<SessionRegistry>.Instance);
        var session = Open(registry);
        await session.PushAsync(0, AudioPayload.FromPcm(new byte[320]), end: false, CancellationToken.None).WaitAsync(Timeout);

        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(3));
            var repeat = await session.PushAsync(0, AudioPayload.FromPcm(new byte[320]), end: false, CancellationToken.None).WaitAsync(Timeout);
            Assert.That(repeat.Duplicate, Is.True);
        }

        Assert.That(session.Lifetime.Due(draining: false), Is.EqualTo(StreamEndReason.Idle), "12 s of repeats are 12 s without audio");
        await registry.CloseAsync(session).WaitAsync(Timeout);
    }

    private static StreamTranscriberFactory Factory(SchedulerHarness harness) =>
        new(harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default);

    private static SessionRegistry Registry(SchedulerHarness harness, SessionOptions options, TimeProvider clock) =>
        new(Factory(harness), Options.Create(options), TestRunners.For(clock: clock), clock, NullLogger<SessionRegistry>.Instance);

    private static PushedSession Open(SessionRegistry registry) =>
        registry.Open(new StreamRequest(new RecognitionOptions("en"), InterimResults: false), new StreamAudioFormat(StreamEncoding.Linear16, 16000, 1), "request", "owner");
}
