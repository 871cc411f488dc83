using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stt.Audio;
using Stt.Core.Detection;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

/// <summary>The one loop of every live stream, on a fake clock: inputs from a channel, the stream's events read to the end.</summary>
[Unit]
public sealed class LiveStreamRunnerTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Unit;
    private static readonly StreamLifetimeOptions Lifetimes = new() { IdleTimeout = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromSeconds(60) };
    private Channel<float[]> _inputs = null!;
    private FakeTimeProvider _clock = null!;
    private Drain _drain = null!;
    private SchedulerHarness _harness = null!;
    private StreamTranscriber _transcriber = null!;
    private LiveStreamRunner _runner = null!;

    [SetUp]
    public async Task Start() // NUnit shares one instance between tests
    {
        _inputs = Channel.CreateUnbounded<float[]>();
        _clock = new FakeTimeProvider();
        _drain = new Drain();
        _harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        var factory = new StreamTranscriberFactory(_harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default);
        _transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), InterimResults: false), null, CancellationToken.None);
        _runner = new LiveStreamRunner(_drain, Options.Create(Lifetimes), _clock, new SpeechMetrics());
    }

    [TearDown]
    public async Task Stop()
    {
        await _transcriber.DisposeAsync();
        await _harness.DisposeAsync();
    }

    private Task<StreamEndReason?> RunAsync(StreamLifetime lifetime, Func<float[], CancellationToken, ValueTask>? take = null) =>
        _runner.RunAsync(_transcriber, lifetime, _inputs.Reader.ReadAllAsync(), take ?? ((samples, token) => _transcriber.AcceptSamplesAsync(samples, token)), CancellationToken.None);

    private async Task<StreamEvent> LastEventAsync() => (await _transcriber.Events.ReadAllAsync().ToListAsync().AsTask().WaitAsync(Timeout))[^1];

    [Test]
    public async Task Run_InputsEnd_NoReasonAndTheTranscriberCompleted()
    {
        using var lifetime = _runner.Start();
        var running = RunAsync(lifetime);

        await _inputs.Writer.WriteAsync([.. TestSpeech.Silence(0.5)]);
        _inputs.Writer.Complete();

        Assert.That(await running.WaitAsync(Timeout), Is.Null);
        Assert.That(((SummaryEvent)await LastEventAsync()).Summary.Audio, Is.EqualTo(TimeSpan.FromSeconds(0.5)));
    }

    [Test]
    public async Task Run_NoInputForTheIdleTimeout_EndsIdleAndCompletes()
    {
        using var lifetime = _runner.Start();
        var running = RunAsync(lifetime);
        await _inputs.Writer.WriteAsync([.. TestSpeech.Silence(0.5)]);
        await Eventually.TrueAsync(() => _transcriber.ReceivedAudio > TimeSpan.Zero, Timeout);

        _clock.Advance(Lifetimes.IdleTimeout - TimeSpan.FromSeconds(1));
        var beforeTheTimeout = running.IsCompleted;
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(beforeTheTimeout, Is.False);
        Assert.That(await running.WaitAsync(Timeout), Is.EqualTo(StreamEndReason.Idle));
        Assert.That(await LastEventAsync(), Is.TypeOf<SummaryEvent>(), "the finals of what was received, then the summary");
    }

    [Test]
    public async Task Run_InputKeepsComing_EndsAtTheMaximumDuration()
    {
        using var lifetime = _runner.Start();
        var running = RunAsync(lifetime);

        for (var second = 0; second < 60; second += 5)
        {
            await _inputs.Writer.WriteAsync([.. TestSpeech.Silence(0.1)]);
            await Eventually.TrueAsync(() => _transcriber.ReceivedAudio >= TimeSpan.FromSeconds(0.1 * ((second / 5) + 1)), Timeout);
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.That(await running.WaitAsync(Timeout), Is.EqualTo(StreamEndReason.MaxDuration));
    }

    [Test]
    public async Task Run_TakeWaitsLongerThanTheIdleTimeout_NotIdle()
    {
        using var lifetime = _runner.Start();
        var held = new TaskCompletionSource();
        var running = RunAsync(lifetime, async (_, _) => await held.Task);
        await _inputs.Writer.WriteAsync([]);
        await Eventually.TrueAsync(() => _inputs.Reader.Count == 0, Timeout);

        _clock.Advance(Lifetimes.IdleTimeout * 2); // a sender held back by its finals is not silent
        var whileHeld = running.IsCompleted;
        held.SetResult();
        _inputs.Writer.Complete();

        Assert.That(whileHeld, Is.False);
        Assert.That(await running.WaitAsync(Timeout), Is.Null);
    }

    [Test]
    public async Task Run_ServerDrains_InputsOnTheirWayTakenForTheGraceThenDraining()
    {
        using var lifetime = _runner.Start();
        var running = RunAsync(lifetime);

        _drain.Begin(grace: TimeSpan.FromSeconds(1));
        await _inputs.Writer.WriteAsync([.. TestSpeech.Silence(0.2)]);
        await Eventually.TrueAsync(() => _transcriber.ReceivedAudio > TimeSpan.Zero, Timeout);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(await running.WaitAsync(Timeout), Is.EqualTo(StreamEndReason.Draining));
    }

    [Test]
    public void Run_TakeThrows_TheRunFailsWithItsError()
    {
        using var lifetime = _runner.Start();
        var running = RunAsync(lifetime, (_, _) => throw new InvalidAudioException("bad audio"));

        _inputs.Writer.TryWrite([]);

        Assert.That(async () => await running.WaitAsync(Timeout), Throws.InstanceOf<InvalidAudioException>());
    }

    /// <summary>A server's drain, begun by the test.</summary>
    private sealed class Drain : IStreamDrain
    {
        private readonly CancellationTokenSource _draining = new();

        public bool IsDraining => _draining.IsCancellationRequested;

        public CancellationToken Draining => _draining.Token;

        public TimeSpan ReadGraceLeft { get; private set; }

        public void Begin(TimeSpan grace)
        {
            ReadGraceLeft = grace;
            _draining.Cancel();
        }
    }
}
