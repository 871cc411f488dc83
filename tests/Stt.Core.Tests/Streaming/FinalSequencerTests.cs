using System.Threading.Channels;
using Stt.Core.Detection;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class FinalSequencerTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Unit;
    private static readonly StreamPasses Passes = new(new BusyScheduler(), new RecognitionOptions("en"), live: true, CancellationToken.None);
    private Channel<StreamEvent> _events = Channel.CreateUnbounded<StreamEvent>();

    [SetUp]
    public void CreateEvents() => _events = Channel.CreateUnbounded<StreamEvent>(); // NUnit shares one instance between tests

    private FinalSequencer Create(int maxPending = 4) =>
        new(new Lock(), Passes, _events.Writer, SegmentFilter.Default, new StreamStatistics(null, live: true), maxPending, ex => _events.Writer.TryComplete(ex), _ => { });

    /// <summary>A final whose pass is <paramref name="pass"/> (so the sequencer starts none).</summary>
    private static PendingFinal Final(uint id, double start, double end, Task<Transcript?> pass) =>
        new(id, (long)(start * 16000), (long)(end * 16000), new float[(int)((end - start) * 16000)]) { Transcript = pass };

    private static Transcript Segments(params (double Start, double End, string Text)[] segments) =>
        new([.. segments.Select(s => new TranscriptSegment(TimeSpan.FromSeconds(s.Start), TimeSpan.FromSeconds(s.End), s.Text, 0.9f, 0.01f, "en", []))], TimeSpan.Zero);

    [Test]
    public async Task Enqueue_PassesFinishOutOfOrder_FinalsInTimeOrder()
    {
        await using var sequencer = Create();
        var first = new TaskCompletionSource<Transcript?>();
        var second = new TaskCompletionSource<Transcript?>();
        await sequencer.EnqueueAsync(Final(1, 0, 2, first.Task), CancellationToken.None);
        await sequencer.EnqueueAsync(Final(2, 3, 5, second.Task), CancellationToken.None);

        second.SetResult(Segments((0, 2, "second"))); // the later final's pass finishes first
        first.SetResult(Segments((0, 2, "first")));
        await sequencer.CompleteAsync(CancellationToken.None).WaitAsync(Timeout);

        var finals = await _events.Reader.ReadAllAsync().OfType<SegmentEvent>().Take(2).ToListAsync();
        Assert.That(finals.Select(f => (f.Id, f.Text)), Is.EqualTo(new[] { (1u, "first"), (2u, "second") }));
    }

    [Test]
    public async Task Enqueue_MaxPendingReached_WaitsForASlot()
    {
        await using var sequencer = Create(maxPending: 2);
        var held = new TaskCompletionSource<Transcript?>();
        await sequencer.EnqueueAsync(Final(1, 0, 2, held.Task), CancellationToken.None);
        await sequencer.EnqueueAsync(Final(2, 3, 5, held.Task), CancellationToken.None);

        var third = sequencer.EnqueueAsync(Final(3, 6, 8, Task.FromResult<Transcript?>(Segments((0, 1, "c")))), CancellationToken.None).AsTask();

        // No slot is free, so the wait cannot have completed: nothing to wait for before looking.
        Assert.That(third.IsCompleted, Is.False, "the stream's input waits while two finals are in flight");

        held.SetResult(Segments((0, 1, "a")));
        await third.WaitAsync(Timeout);
    }

    [Test]
    public async Task Write_OverlappingAndOverlongSegments_ClampedToTheirAudio()
    {
        await using var sequencer = Create();
        // The model says the first final runs to 2.5 s of its 2-s window, and the second starts before the first ended.
        await sequencer.EnqueueAsync(Final(1, 0, 2, Task.FromResult<Transcript?>(Segments((0, 1.5, "a"), (1.2, 2.5, "b")))), CancellationToken.None);
        await sequencer.EnqueueAsync(Final(2, 1.8, 4, Task.FromResult<Transcript?>(Segments((0, 1, "c")))), CancellationToken.None);
        await sequencer.CompleteAsync(CancellationToken.None).WaitAsync(Timeout);

        var finals = await _events.Reader.ReadAllAsync().OfType<SegmentEvent>().Take(3).ToListAsync();
        Assert.That(finals.Select(f => (f.Start.TotalSeconds, f.End.TotalSeconds)), Is.EqualTo(new[] { (0.0, 1.5), (1.5, 2.0), (2.0, 2.8) }));
    }
}
