using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class SpeculationTests
{
    private const long Second = 16000;
    private static readonly TimeSpan Timeout = TestTimeouts.Unit;
    private static readonly EndpointEvent Pause = new(EndpointEventKind.Paused, Second, 3 * Second);
    private SchedulerHarness _harness = null!;
    private StreamPasses _passes = null!;
    private Speculation _speculation = null!;
    private Utterance _utterance = null!;

    [SetUp]
    public async Task StartScheduler()
    {
        _harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        _passes = new StreamPasses(_harness.Scheduler, new RecognitionOptions("en"), live: true, CancellationToken.None);
        _speculation = new Speculation(_passes);
        _utterance = new Utterance(1, Second, Second, openedAt: 0);
    }

    [TearDown]
    public async Task StopScheduler()
    {
        _passes.Dispose();
        await _harness.DisposeAsync();
    }

    private static AudioWindow ThreeSeconds()
    {
        var audio = new AudioWindow();
        audio.Append(new float[3 * Second]);
        return audio;
    }

    [Test]
    public async Task Start_WorkerFree_StartsTheFinalPassOverThePausedAudio()
    {
        _speculation.Start(_utterance, Pause, lastSpeechEnd: (3 * Second) - 3200, ThreeSeconds());
        var transcript = await _utterance.Speculation!.Pass.WaitAsync(Timeout);

        Assert.That((_utterance.Speculation.Start, _utterance.Speculation.End), Is.EqualTo((Second, 3 * Second)));
        Assert.That(transcript, Is.Not.Null);
        Assert.That(_harness.Recognizer.Ran.Single().Samples, Is.EqualTo(2 * Second));
    }

    [Test]
    public async Task Start_EveryWorkerBusy_StartsNothing()
    {
        _harness.Recognizer.Hold();
        var blocker = _passes.Start(new float[Second], PassPriority.Final, CancellationToken.None);
        await Eventually.TrueAsync(() => _harness.Recognizer.Started == 1, Timeout, poll: TimeSpan.FromMilliseconds(5));

        _speculation.Start(_utterance, Pause, 0, ThreeSeconds());

        Assert.That(_utterance.Speculation, Is.Null, "a speculative pass never waits in the queue");
        _harness.Recognizer.Release();
        await blocker.WaitAsync(Timeout);
    }

    [Test]
    public void DropIfResumed_LastSpeechMoved_AbortsThePassAndCountsIt()
    {
        _harness.Recognizer.Hold();
        _speculation.Start(_utterance, Pause, lastSpeechEnd: 40000, ThreeSeconds());
        var pass = _utterance.Speculation!.Pass;

        _speculation.DropIfResumed(_utterance, 40000);
        var keptWhileSilent = _utterance.Speculation is not null;
        _speculation.DropIfResumed(_utterance, 40320);

        Assert.That(keptWhileSilent, Is.True, "still silent: the pass goes on");
        Assert.That(_utterance.Speculation, Is.Null);
        Assert.That(_speculation.Dropped, Is.EqualTo(1));
        Assert.That(async () => await pass.WaitAsync(Timeout), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Settle_EndedWithTheSameAudio_TheFinalTakesTheSpeculativePass()
    {
        _speculation.Start(_utterance, Pause, 0, ThreeSeconds());
        var final = new PendingFinal(1, Second, 3 * Second, new float[2 * Second]);

        _speculation.Settle(_utterance, final);

        Assert.That(final.Transcript, Is.SameAs(_utterance.Speculation!.Pass));
        Assert.That((_speculation.Used, _speculation.Dropped), Is.EqualTo((1, 0)));
        await final.Transcript!.WaitAsync(Timeout);
    }

    [Test]
    public void Settle_EndedElsewhere_AbortsTheSpeculativePass()
    {
        _harness.Recognizer.Hold();
        _speculation.Start(_utterance, Pause, 0, ThreeSeconds());
        var pass = _utterance.Speculation!.Pass;
        var final = new PendingFinal(1, Second, (3 * Second) + 320, new float[(2 * Second) + 320]);

        _speculation.Settle(_utterance, final);

        Assert.That(final.Transcript, Is.Null, "the final gets a pass of its own");
        Assert.That((_speculation.Used, _speculation.Dropped), Is.EqualTo((0, 1)));
        Assert.That(async () => await pass.WaitAsync(Timeout), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Settle_NoSpeculation_LeavesTheFinalAlone()
    {
        var final = new PendingFinal(1, Second, 3 * Second, new float[2 * Second]);

        _speculation.Settle(_utterance, final);

        Assert.That(final.Transcript, Is.Null);
        Assert.That((_speculation.Used, _speculation.Dropped), Is.EqualTo((0, 0)));
        Assert.That(_harness.Recognizer.Started, Is.Zero);
    }
}
