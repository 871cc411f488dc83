using Stt.Core.Streaming;
using Stt.Server.OpenAi;
using Stt.Server.OpenAi.Realtime;
using Stt.Testing;
using Frame = Stt.Server.Tests.OpenAi.ScriptedWebSocket.Frame;

namespace Stt.Server.Tests.OpenAi;

/// <summary>
/// The Realtime socket's reader on a fake clock: when the lifetime, the drain or the client ends the session, and what
/// it hands to the event handler until then.
/// </summary>
[Unit]
public sealed class ClientEventLoopTests
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    /// <summary>The loop's timers wait this much past a deadline, so that it has passed when they fire.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(1);

    private static readonly StreamLifetimeOptions Lifetimes = new() { IdleTimeout = IdleTimeout, MaxDuration = MaxDuration };

    private static Frame Clear => Frame.Text("""{"type":"input_audio_buffer.clear"}""");

    /// <summary><paramref name="count"/> events of no known type, <c>evt_1</c> on.</summary>
    private static Frame[] Flood(int count) => Enumerable.Range(1, count).Select(i => Frame.Text($$"""{"type":"ping","event_id":"evt_{{i}}"}""")).ToArray();

    [Test]
    public async Task RunAsync_NoClientEvent_EndsIdleOnceTheIdleTimeoutHasPassed()
    {
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket { Live = true }, Lifetimes);
        harness.Start();

        await harness.AdvanceAsync(IdleTimeout - Tick);
        Assert.That(harness.Run.IsCompleted, Is.False, "a tick before the idle timeout the session is open");

        await harness.AdvanceAsync(Tick + Margin);
        var (end, pending, failure) = await harness.EndAsync();

        Assert.That(end, Is.EqualTo(SessionEnd.Idle));
        Assert.That(failure, Is.Null);
        Assert.That(pending, Is.Not.Null, "the receive still waits, for the client's close frame");
        Assert.That(await harness.ServerEventsAsync(), Is.Empty);
    }

    [Test]
    public async Task RunAsync_EventsWithinTheIdleTimeout_StaysOpenPastIt()
    {
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket { Live = true }, Lifetimes);
        harness.Start();

        for (var i = 0; i < 3; i++)
        {
            await harness.AdvanceAsync(IdleTimeout * 0.6);
            await harness.SendAsync(Clear);
        }

        await harness.AdvanceAsync(IdleTimeout * 0.6);
        Assert.That(harness.Run.IsCompleted, Is.False, "open at 2.4 idle timeouts, 0.6 of one after the last event");

        await harness.SendAsync(Frame.Close);
        var (end, pending, _) = await harness.EndAsync();

        Assert.That(end, Is.EqualTo(SessionEnd.ClientClosed));
        Assert.That(pending, Is.Null);
        Assert.That(await harness.ServerEventsAsync(), Is.EqualTo(Enumerable.Repeat("input_audio_buffer.cleared", 3)));
    }

    [Test]
    public async Task RunAsync_OnlyRefusedEventsWithinTheIdleTimeout_EndsIdleTheIdleTimeoutAfterTheStart()
    {
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket { Live = true }, Lifetimes);
        harness.Start();
        for (var i = 1; i <= 3; i++)
        {
            await harness.AdvanceAsync(IdleTimeout * 0.3);
            await harness.SendAsync(Frame.Text($$"""{"type":"ping","event_id":"evt_{{i}}"}"""));
        }

        await harness.AdvanceAsync((IdleTimeout * 0.1) - Tick);
        Assert.That(harness.Run.IsCompleted, Is.False, "a tick before the idle timeout the session is open");

        await harness.AdvanceAsync(Tick + Margin);
        var (end, _, _) = await harness.EndAsync();

        Assert.That(end, Is.EqualTo(SessionEnd.Idle), "events the session refused are not activity");
        Assert.That(await harness.ServerEventsAsync(), Is.EqualTo(new[] { "error:evt_1", "error:evt_2", "error:evt_3" }));
    }

    [Test]
    public async Task RunAsync_SilenceAfterAnEvent_EndsIdleTheIdleTimeoutAfterTheEvent()
    {
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket { Live = true }, Lifetimes);
        harness.Start();
        await harness.AdvanceAsync(IdleTimeout * 0.7);
        await harness.SendAsync(Clear);

        await harness.AdvanceAsync(IdleTimeout - Tick); // past the first timer, which finds the deadline moved and waits again
        Assert.That(harness.Run.IsCompleted, Is.False, "a tick before the idle timeout after the event the session is open");

        await harness.AdvanceAsync(Tick + Margin);
        var (end, _, _) = await harness.EndAsync();

        Assert.That(end, Is.EqualTo(SessionEnd.Idle));
        Assert.That(await harness.ServerEventsAsync(), Is.EqualTo(new[] { "input_audio_buffer.cleared" }));
    }

    [Test]
    public async Task RunAsync_SteadyEvents_EndsAtTheMaximumDuration()
    {
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket { Live = true }, Lifetimes);
        harness.Start();
        var step = TimeSpan.FromSeconds(4);
        for (var at = step; at < MaxDuration; at += step)
        {
            await harness.AdvanceAsync(step);
            await harness.SendAsync(Clear);
        }

        await harness.AdvanceAsync(MaxDuration - 6 * step - Tick);
        Assert.That(harness.Run.IsCompleted, Is.False, "a tick before the maximum duration the session is open");

        await harness.AdvanceAsync(Tick + Margin);
        var (end, pending, _) = await harness.EndAsync();

        Assert.That(end, Is.EqualTo(SessionEnd.MaxDuration));
        Assert.That(pending, Is.Not.Null);
        Assert.That(await harness.ServerEventsAsync(), Is.EqualTo(Enumerable.Repeat("input_audio_buffer.cleared", 6)));
    }

    [Test]
    public async Task RunAsync_ServerDrains_TakesEventsForTheGraceThenEndsDraining()
    {
        // The grace is a quarter of the drain timeout, at most a second.
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket { Live = true }, Lifetimes, drainTimeout: TimeSpan.FromSeconds(2));
        var grace = TimeSpan.FromMilliseconds(500);
        harness.Start();
        await harness.AdvanceAsync(IdleTimeout / 2);

        await harness.Drain.StoppingAsync(CancellationToken.None).WaitAsync(TestTimeouts.Unit);
        await harness.SettledAsync();
        await harness.AdvanceAsync(grace / 2);
        await harness.SendAsync(Frame.Text("""{"type":"ping","event_id":"evt_in_grace"}"""));
        await harness.AdvanceAsync(grace / 2 - Tick);
        Assert.That(harness.Run.IsCompleted, Is.False, "a tick before the grace is over the session is open");

        await harness.AdvanceAsync(Tick);
        var (end, pending, _) = await harness.EndAsync();

        Assert.That(end, Is.EqualTo(SessionEnd.Draining));
        Assert.That(pending, Is.Not.Null);
        Assert.That(await harness.ServerEventsAsync(), Is.EqualTo(new[] { "error:evt_in_grace" }), "the event sent in the grace was handled");
    }

    [Test]
    public async Task RunAsync_ServerDrainsWithNoGrace_EndsDrainingAtOnce()
    {
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket { Live = true }, Lifetimes, drainTimeout: TimeSpan.Zero);
        harness.Start();
        await harness.AdvanceAsync(IdleTimeout / 2);

        await harness.Drain.StoppingAsync(CancellationToken.None).WaitAsync(TestTimeouts.Unit);
        var (end, _, _) = await harness.EndAsync();

        Assert.That(end, Is.EqualTo(SessionEnd.Draining));
        Assert.That(harness.Clock.GetUtcNow() - harness.Clock.Start, Is.EqualTo(IdleTimeout / 2), "no time passed");
    }

    [Test]
    public async Task RunAsync_ClientCloses_EndsClientClosedAfterHandlingItsEventsInOrder()
    {
        await using var harness = new ClientEventLoopHarness(
            new ScriptedWebSocket(Clear, Frame.Text("""{"type":"ping","event_id":"evt_2"}"""), Clear), Lifetimes);

        harness.Start();
        var (end, pending, failure) = await harness.EndAsync();

        Assert.That((end, pending, failure), Is.EqualTo((SessionEnd.ClientClosed, (Task<ClientMessage>?)null, (Exception?)null)));
        Assert.That(await harness.ServerEventsAsync(), Is.EqualTo(new[] { "input_audio_buffer.cleared", "error:evt_2", "input_audio_buffer.cleared" }));
    }

    [Test]
    public async Task RunAsync_ConnectionDrops_EndsClientClosed()
    {
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket(Clear, Frame.Dropped), Lifetimes);

        harness.Start();
        var (end, pending, _) = await harness.EndAsync();

        Assert.That((end, pending), Is.EqualTo((SessionEnd.ClientClosed, (Task<ClientMessage>?)null)));
        Assert.That(await harness.ServerEventsAsync(), Is.EqualTo(new[] { "input_audio_buffer.cleared" }));
    }

    [Test]
    public async Task RunAsync_ClientNotReadingWhileFloodingInvalidEvents_StopsReadingThenEndsClientNotReadingAtTheIdleTimeout()
    {
        // The harness's client reads nothing while the loop runs.
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket(Flood(50)), Lifetimes, openAi: new OpenAiOptions { MaxQueuedServerEvents = 8 });
        harness.Start();
        await harness.SettledAsync();
        Assert.That((harness.Outbox.Queued, harness.Socket.Remaining), Is.EqualTo((4, 46)), "from half the bound on, no event is read: each may be answered");

        await harness.AdvanceAsync(IdleTimeout - Tick);
        Assert.That(harness.Run.IsCompleted, Is.False, "a tick before the idle timeout the session is open");

        await harness.AdvanceAsync(Tick + Margin);
        var (end, _, failure) = await harness.EndAsync();

        Assert.That((end, failure), Is.EqualTo((SessionEnd.ClientNotReading, (Exception?)null)), "not idle: it did not read what it was sent");
        Assert.That((harness.Outbox.Queued, harness.Socket.Remaining), Is.EqualTo((4, 46)));
    }

    [Test]
    public async Task RunAsync_ClientReadingSlowerThanItsEventsAreAnswered_WaitsForItThenReadsOn()
    {
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket(Flood(50)), Lifetimes, openAi: new OpenAiOptions { MaxQueuedServerEvents = 8 });
        harness.Start();
        await harness.SettledAsync();
        Assert.That(harness.Socket.Remaining, Is.EqualTo(46));

        harness.StartReading();
        var (end, _, _) = await harness.EndAsync();

        Assert.That(end, Is.EqualTo(SessionEnd.ClientClosed), "every event was read once the client read its answers");
        Assert.That(await harness.ServerEventsAsync(), Is.EqualTo(Enumerable.Range(1, 50).Select(i => $"error:evt_{i}")));
    }

    [Test]
    public async Task RunAsync_TurnEventsFillTheOutbox_EndsClientNotReadingAtOnce()
    {
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket { Live = true }, Lifetimes, openAi: new OpenAiOptions { MaxQueuedServerEvents = 8 });
        harness.Start();
        await harness.SettledAsync();

        for (var i = 0; i < 9; i++)
        {
            harness.Outbox.Send("conversation.item.input_audio_transcription.delta"); // as a session's turns send theirs
        }

        var (end, _, _) = await harness.EndAsync();

        Assert.That(end, Is.EqualTo(SessionEnd.ClientNotReading));
        Assert.That(harness.Outbox.Queued, Is.EqualTo(8), "never more than its bound");
        Assert.That(harness.Clock.GetUtcNow() - harness.Clock.Start, Is.EqualTo(TimeSpan.Zero), "no time passed");
    }

    [Test]
    public async Task RunAsync_MessageOverTheLimit_EndsMessageTooBigWithoutHandlingIt()
    {
        var tooBig = Frame.Text($$"""{"type":"ping","event_id":"{{new string('x', 64)}}"}""");
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket(Clear, tooBig, Clear), Lifetimes, maxMessageBytes: 64);

        harness.Start();
        var (end, pending, _) = await harness.EndAsync();

        Assert.That((end, pending), Is.EqualTo((SessionEnd.MessageTooBig, (Task<ClientMessage>?)null)));
        Assert.That(await harness.ServerEventsAsync(), Is.EqualTo(new[] { "input_audio_buffer.cleared" }), "neither the big event nor the one after it was handled");
    }
}
