using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class FinalSequencerTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Unit;
    private static readonly StreamPasses Passes = new(new BusyScheduler(), new RecognitionOptions("en"), live: true, CancellationToken.None);

    private static FinalSequencer Create(int maxPending = 4) => new(Passes, maxPending);

    /// <summary>A final whose pass is <paramref name="pass"/> (so the sequencer starts none).</summary>
    private static PendingFinal Final(uint id, double start, double end, Task<Transcript?> pass) =>
        new(id, (long)(start * 16000), (long)(end * 16000), new float[(int)((end - start) * 16000)]) { Transcript = pass };

    private static Transcript Segments(params (double Start, double End, string Text)[] segments) =>
        new([.. segments.Select(s => new TranscriptSegment(TimeSpan.FromSeconds(s.Start), TimeSpan.FromSeconds(s.End), s.Text, 0.9f, 0.01f, "en", []))], TimeSpan.Zero);

    /// <summary>Every queued final with its segments placed, as the transcriber publishes them.</summary>
    private static async Task<List<SegmentEvent>> PlacedAsync(FinalSequencer sequencer)
    {
        var placed = new List<SegmentEvent>();
        await foreach (var (final, transcript) in sequencer.InOrderAsync().WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            placed.AddRange(sequencer.Place(final, transcript!.Segments, (uint)placed.Count + 1));
        }

        return placed;
    }

    [Test]
    public async Task InOrder_PassesFinishOutOfOrder_FinalsInTimeOrder()
    {
        using var sequencer = Create();
        var first = new TaskCompletionSource<Transcript?>();
        var second = new TaskCompletionSource<Transcript?>();
        await sequencer.EnqueueAsync(Final(1, 0, 2, first.Task), CancellationToken.None);
        await sequencer.EnqueueAsync(Final(2, 3, 5, second.Task), CancellationToken.None);
        sequencer.Complete();

        second.SetResult(Segments((0, 2, "second"))); // the later final's pass finishes first
        first.SetResult(Segments((0, 2, "first")));
        var finals = await PlacedAsync(sequencer);

        Assert.That(finals.Select(f => (f.Id, f.Text, f.UtteranceId)), Is.EqualTo(new[] { (1u, "first", 1u), (2u, "second", 2u) }));
    }

    [Test]
    public async Task Enqueue_MaxPendingReached_WaitsForASlot()
    {
        using var sequencer = Create(maxPending: 2);
        var held = new TaskCompletionSource<Transcript?>();
        await sequencer.EnqueueAsync(Final(1, 0, 2, held.Task), CancellationToken.None);
        await sequencer.EnqueueAsync(Final(2, 3, 5, held.Task), CancellationToken.None);

        var third = sequencer.EnqueueAsync(Final(3, 6, 8, Task.FromResult<Transcript?>(Segments((0, 1, "c")))), CancellationToken.None).AsTask();

        // No slot is free, so the wait cannot have completed: nothing to wait for before looking.
        Assert.That(third.IsCompleted, Is.False, "the stream's input waits while two finals are in flight");

        held.SetResult(Segments((0, 1, "a")));
        var reading = PlacedAsync(sequencer);
        await third.WaitAsync(Timeout);
        sequencer.Complete();
        Assert.That(await reading, Has.Count.EqualTo(3), "a slot frees as each final is taken back");
    }

    [Test]
    public async Task Place_OverlappingAndOverlongSegments_ClampedToTheirAudio()
    {
        using var sequencer = Create();
        // The model says the first final runs to 2.5 s of its 2-s window, and the second starts before the first ended.
        await sequencer.EnqueueAsync(Final(1, 0, 2, Task.FromResult<Transcript?>(Segments((0, 1.5, "a"), (1.2, 2.5, "b")))), CancellationToken.None);
        await sequencer.EnqueueAsync(Final(2, 1.8, 4, Task.FromResult<Transcript?>(Segments((0, 1, "c")))), CancellationToken.None);
        sequencer.Complete();

        var finals = await PlacedAsync(sequencer);

        Assert.That(finals.Select(f => (f.Start.TotalSeconds, f.End.TotalSeconds)), Is.EqualTo(new[] { (0.0, 1.5), (1.5, 2.0), (2.0, 2.8) }));
    }

    [Test]
    public async Task InOrder_PassFails_EndsWithItsErrorAndFreesTheSlot()
    {
        using var sequencer = Create(maxPending: 1);
        var error = new InvalidOperationException("boom");
        await sequencer.EnqueueAsync(Final(1, 0, 2, Task.FromException<Transcript?>(error)), CancellationToken.None);

        Assert.That(async () => await PlacedAsync(sequencer), Throws.InvalidOperationException.With.Message.EqualTo("boom"));
        await sequencer.EnqueueAsync(Final(2, 3, 5, Task.FromResult<Transcript?>(null)), CancellationToken.None).AsTask().WaitAsync(Timeout);
    }
}
