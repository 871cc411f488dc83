using Stt.Core.Inference;
using Stt.Testing;

namespace Stt.Core.Tests.Inference;

[Unit]
public sealed class InferenceSchedulerTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Unit;
    private static readonly RecognitionOptions English = new("en");

    private static InferenceRequest Request(int samples, PassPriority priority, object? key = null) =>
        new(new float[samples], English, priority, key);

    private static Task WaitUntil(Func<bool> condition) => Eventually.TrueAsync(condition, Timeout, poll: TimeSpan.FromMilliseconds(5));

    [Test]
    public async Task ScheduleAsync_FinalsQueuedAfterInterims_RunFirst()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        harness.Recognizer.Hold();
        var blocker = harness.Scheduler.ScheduleAsync(Request(1, PassPriority.Final), CancellationToken.None);
        await WaitUntil(() => harness.Recognizer.Started == 1);

        var interim = harness.Scheduler.ScheduleAsync(Request(2, PassPriority.Interim, key: "a"), CancellationToken.None);
        var final = harness.Scheduler.ScheduleAsync(Request(3, PassPriority.Final), CancellationToken.None);
        harness.Recognizer.Release();
        await Task.WhenAll(blocker, interim, final).WaitAsync(Timeout);

        Assert.That(harness.Recognizer.Ran.Select(r => r.Samples), Is.EqualTo(new[] { 1, 3, 2 }));
    }

    [Test]
    public async Task ScheduleAsync_PassRunsToTheEnd_RaisesPassCompletedWithItsCost()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        var completed = new TaskCompletionSource<CompletedPass>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Scheduler.PassCompleted += pass => completed.TrySetResult(pass);

        await harness.Scheduler.ScheduleAsync(new InferenceRequest(new float[32000], English, PassPriority.Final, Live: true), CancellationToken.None).WaitAsync(Timeout);
        var pass = await completed.Task.WaitAsync(Timeout);

        Assert.That((pass.Priority, pass.Samples, pass.Live), Is.EqualTo((PassPriority.Final, 32000, true)));
        Assert.That(pass.AudioSeconds, Is.EqualTo(2.0));
        Assert.That(pass.Duration, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task ScheduleAsync_NewerInterimOfSameKey_ReplacesTheQueuedOne()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        harness.Recognizer.Hold();
        var blocker = harness.Scheduler.ScheduleAsync(Request(1, PassPriority.Final), CancellationToken.None);
        await WaitUntil(() => harness.Recognizer.Started == 1);

        var stale = harness.Scheduler.ScheduleAsync(Request(2, PassPriority.Interim, key: "stream"), CancellationToken.None);
        var fresh = harness.Scheduler.ScheduleAsync(Request(3, PassPriority.Interim, key: "stream"), CancellationToken.None);
        var other = harness.Scheduler.ScheduleAsync(Request(4, PassPriority.Interim, key: "other"), CancellationToken.None);
        harness.Recognizer.Release();

        Assert.That(await stale.WaitAsync(Timeout), Is.Null, "a replaced interim completes with null and never runs");
        Assert.That(await fresh.WaitAsync(Timeout), Is.Not.Null);
        Assert.That(await other.WaitAsync(Timeout), Is.Not.Null);
        await blocker.WaitAsync(Timeout);
        Assert.That(harness.Recognizer.Ran.Select(r => r.Samples), Is.EqualTo(new[] { 1, 3, 4 }));
    }

    [Test]
    public async Task ScheduleAsync_CancelledWhileQueued_NeverRuns()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        harness.Recognizer.Hold();
        var blocker = harness.Scheduler.ScheduleAsync(Request(1, PassPriority.Final), CancellationToken.None);
        await WaitUntil(() => harness.Recognizer.Started == 1);
        using var cancel = new CancellationTokenSource();

        var queued = harness.Scheduler.ScheduleAsync(Request(2, PassPriority.Final), cancel.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await queued.WaitAsync(Timeout), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(harness.Scheduler.QueuedPasses, Is.Zero);
        harness.Recognizer.Release();
        await blocker.WaitAsync(Timeout);
        Assert.That(harness.Recognizer.Ran.Select(r => r.Samples), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task ScheduleAsync_CancelledWhileRunning_AbortsAndFreesTheWorker()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        harness.Recognizer.Hold();
        using var cancel = new CancellationTokenSource();
        var running = harness.Scheduler.ScheduleAsync(Request(1, PassPriority.Final), cancel.Token);
        await WaitUntil(() => harness.Recognizer.Started == 1);

        await cancel.CancelAsync();

        Assert.That(async () => await running.WaitAsync(Timeout), Throws.InstanceOf<OperationCanceledException>());
        harness.Recognizer.Release();
        Assert.That(await harness.Scheduler.ScheduleAsync(Request(2, PassPriority.Final), CancellationToken.None).WaitAsync(Timeout), Is.Not.Null,
            "the worker takes the next job once the cancelled one is aborted");
    }

    [Test]
    public async Task ScheduleAsync_PassThrows_FailsOnlyThatCall()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        harness.Recognizer.ThrowOnce = new InvalidOperationException("native failure");

        var failing = harness.Scheduler.ScheduleAsync(Request(1, PassPriority.Final), CancellationToken.None);
        Assert.That(async () => await failing.WaitAsync(Timeout), Throws.InvalidOperationException.With.Message.EqualTo("native failure"));

        var next = await harness.Scheduler.ScheduleAsync(Request(2, PassPriority.Final), CancellationToken.None).WaitAsync(Timeout);
        Assert.That(next, Is.Not.Null, "the worker survives a failing pass");
    }

    [Test]
    public async Task ScheduleAsync_QueueFull_RefusesFinalsAndDropsInterims()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer(), capacity: 2);
        harness.Recognizer.Hold();
        _ = harness.Scheduler.ScheduleAsync(Request(1, PassPriority.Final), CancellationToken.None);
        await WaitUntil(() => harness.Recognizer.Started == 1);
        _ = harness.Scheduler.ScheduleAsync(Request(2, PassPriority.Final), CancellationToken.None);
        _ = harness.Scheduler.ScheduleAsync(Request(3, PassPriority.Final), CancellationToken.None);

        Assert.Throws<InferenceQueueFullException>(() => harness.Scheduler.ScheduleAsync(Request(4, PassPriority.Final), CancellationToken.None));
        Assert.That(await harness.Scheduler.ScheduleAsync(Request(5, PassPriority.Interim, "k"), CancellationToken.None).WaitAsync(Timeout), Is.Null);
    }

    [Test]
    public async Task ScheduleAsync_TwoWorkers_RunInParallel()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer(), workers: 2);
        harness.Recognizer.Hold();

        var a = harness.Scheduler.ScheduleAsync(Request(1, PassPriority.Final), CancellationToken.None);
        var b = harness.Scheduler.ScheduleAsync(Request(2, PassPriority.Final), CancellationToken.None);

        await WaitUntil(() => harness.Recognizer.Started == 2);
        harness.Recognizer.Release();
        await Task.WhenAll(a, b).WaitAsync(Timeout);
        Assert.That(harness.Scheduler.RunningPasses, Is.Zero);
    }
}
