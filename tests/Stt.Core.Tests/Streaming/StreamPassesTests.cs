using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class StreamPassesTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Unit;
    private static readonly RecognitionOptions German = new("de");

    [Test]
    public async Task Start_ShortAudio_PaddedToTheShortestPass()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var passes = new StreamPasses(harness.Scheduler, German, live: false, CancellationToken.None);

        await passes.Start(new float[8000], PassPriority.Final, CancellationToken.None).WaitAsync(Timeout);
        await passes.Start(new float[32000], PassPriority.Final, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(harness.Recognizer.Ran.Select(r => r.Samples), Is.EqualTo(new[] { StreamPasses.MinSamples, 32000 }));
        Assert.That(StreamPasses.MinSamples, Is.EqualTo(16320), "whisper.cpp skips input under 1 s");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Start_AnyPass_CarriesTheStreamsOptionsAndKind(bool live)
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var passes = new StreamPasses(harness.Scheduler, German, live, CancellationToken.None);
        var completed = new TaskCompletionSource<CompletedPass>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Scheduler.PassCompleted += pass => completed.TrySetResult(pass);

        await passes.Start(new float[16000], PassPriority.Interim, CancellationToken.None, replaceKey: passes).WaitAsync(Timeout);
        var pass = await completed.Task.WaitAsync(Timeout);

        Assert.That(harness.Recognizer.Ran.Single().Options, Is.EqualTo(German));
        Assert.That((pass.Priority, pass.Live), Is.EqualTo((PassPriority.Interim, live)));
    }

    [Test]
    public async Task Abort_WhilePassesRun_CancelsThem()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var passes = new StreamPasses(harness.Scheduler, German, live: true, CancellationToken.None);
        harness.Recognizer.Hold();
        var running = passes.Start(new float[16000], PassPriority.Final, passes.Aborted);
        var queued = passes.Start(new float[16000], PassPriority.Final, passes.Aborted);

        passes.Abort();

        Assert.That(async () => await running.WaitAsync(Timeout), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await queued.WaitAsync(Timeout), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(passes.Aborted.IsCancellationRequested, Is.True);
    }

    [Test]
    public async Task Lifetime_CallCancelled_IsCancelled()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var call = new CancellationTokenSource();
        using var passes = new StreamPasses(harness.Scheduler, German, live: true, call.Token);

        await call.CancelAsync();

        Assert.That(passes.Aborted.IsCancellationRequested, Is.True, "a client that leaves aborts its stream's passes");
    }

    [Test]
    public async Task Abort_AfterDispose_DoesNothing()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        var passes = new StreamPasses(harness.Scheduler, German, live: true, CancellationToken.None);
        passes.Dispose();

        Assert.That(passes.Abort, Throws.Nothing, "a pass failing after its stream was disposed");
    }
}
