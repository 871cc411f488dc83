using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Stt.Audio;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// A stream's finals, in time order although their passes finish out of order on parallel workers:
/// <see cref="InOrderAsync"/> hands each back when its own pass is done, one after another. At most
/// <see cref="StreamingOptions.MaxPendingFinalsPerStream"/> are queued or running at once; the stream's input waits for
/// a slot (back-pressure). <see cref="Place"/> clamps their segments so finals never overlap and never leave their
/// audio. It writes no event and calls nobody back: its owner (the transcriber) reads the finals and publishes them.
/// </summary>
/// <param name="passes">The stream's passes: each final's is started here, unless it has one (a speculative final's).</param>
/// <param name="maxPending">Finals queued or running at once.</param>
internal sealed class FinalSequencer(StreamPasses passes, int maxPending) : IDisposable
{
    private readonly Channel<PendingFinal> _queue = Channel.CreateUnbounded<PendingFinal>(new() { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _slots = new(Math.Max(1, maxPending));
    private TimeSpan _lastEnd;

    /// <summary>Waits for a slot, starts the final's pass (unless it has one) and queues it.</summary>
    public async ValueTask EnqueueAsync(PendingFinal final, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        final.Transcript ??= passes.Start(final.Samples, PassPriority.Final, passes.Aborted);
        _queue.Writer.TryWrite(final);
    }

    /// <summary>No more finals: <see cref="InOrderAsync"/> ends after the queued ones.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>
    /// Each queued final with its pass's result, in time order; its slot is free by then. Ends after
    /// <see cref="Complete"/>, or with the failure of a pass (a cancelled one included). One reader.
    /// </summary>
    public async IAsyncEnumerable<(PendingFinal Final, Transcript? Transcript)> InOrderAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var final in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            Transcript? transcript;
            try
            {
                transcript = await final.Transcript!.ConfigureAwait(false);
            }
            finally
            {
                ReleaseSlot();
            }

            yield return (final, transcript);
        }
    }

    /// <summary>
    /// The final segments of <paramref name="final"/>, numbered from <paramref name="firstId"/>, their times offset to
    /// the stream and clamped: never before the previous final's end, never outside their audio.
    /// </summary>
    public IReadOnlyList<SegmentEvent> Place(PendingFinal final, IReadOnlyList<TranscriptSegment> segments, uint firstId)
    {
        var offset = AudioTime.FromSamples(final.Start);
        var audioEnd = AudioTime.FromSamples(final.End);
        var placed = new List<SegmentEvent>(segments.Count);
        foreach (var segment in segments)
        {
            var start = Max(offset + segment.Start, Max(offset, _lastEnd));
            var end = Min(Max(offset + segment.End, start), audioEnd);
            start = Min(start, end);
            _lastEnd = end;
            placed.Add(new SegmentEvent(
                firstId + (uint)placed.Count,
                final.UtteranceId,
                segment.Text,
                start,
                end,
                IsFinal: true,
                Stability: 1f,
                segment.Text,
                [.. segment.Words.Select(w => w with { Start = w.Start + offset, End = w.End + offset })],
                segment.Language,
                segment.NoSpeechProbability,
                segment.Confidence));
        }

        return placed;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _slots.Dispose();
    }

    private void ReleaseSlot()
    {
        try
        {
            _slots.Release();
        }
        catch (ObjectDisposedException)
        {
            // the stream is being disposed
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
