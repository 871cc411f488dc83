using System.Threading.Channels;
using Stt.Audio;
using Stt.Core.Detection;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// A stream's finals, in time order although their passes finish out of order on parallel workers: each final waits
/// for its own pass, one after another. At most <see cref="StreamingOptions.MaxPendingFinalsPerStream"/> are queued or
/// running at once; the stream's input waits for a slot (back-pressure). Segments pass the defences of
/// <see cref="SegmentFilter"/>, and their times are clamped so finals never overlap and never leave their audio.
/// After each final's segments, an <see cref="UtteranceTranscribedEvent"/> says that utterance is done.
/// </summary>
internal sealed class FinalSequencer : IAsyncDisposable
{
    private readonly Channel<PendingFinal> _queue = Channel.CreateUnbounded<PendingFinal>(new() { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _slots;
    private readonly Lock _gate;
    private readonly StreamPasses _passes;
    private readonly ChannelWriter<StreamEvent> _events;
    private readonly SegmentFilter _filter;
    private readonly StreamStatistics _statistics;
    private readonly Action<Exception> _fail;
    private readonly Action<PendingFinal> _sent;
    private readonly Task _loop;
    private TimeSpan _lastEnd;

    /// <param name="gate">The transcriber's lock, held while segments are written.</param>
    /// <param name="passes">The stream's passes: each final's is started here, unless it has one.</param>
    /// <param name="events">Where the segments go.</param>
    /// <param name="filter">The defences after the model.</param>
    /// <param name="statistics">The stream's counters.</param>
    /// <param name="maxPending">Finals queued or running at once.</param>
    /// <param name="fail">Ends the stream when a pass fails.</param>
    /// <param name="sent">Called after each final's segments are written (outside the lock).</param>
    public FinalSequencer(
        Lock gate, StreamPasses passes, ChannelWriter<StreamEvent> events, SegmentFilter filter, StreamStatistics statistics, int maxPending, Action<Exception> fail, Action<PendingFinal> sent)
    {
        _gate = gate;
        _passes = passes;
        _events = events;
        _filter = filter;
        _statistics = statistics;
        _fail = fail;
        _sent = sent;
        _slots = new SemaphoreSlim(Math.Max(1, maxPending));
        _loop = Task.Run(EmitAsync, CancellationToken.None);
    }

    /// <summary>Waits for a slot, starts the final's pass (unless it has one, a speculative final's) and queues it.</summary>
    public async ValueTask EnqueueAsync(PendingFinal final, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        final.Transcript ??= _passes.Start(final.Samples, PassPriority.Final, _passes.Aborted);
        _queue.Writer.TryWrite(final);
    }

    /// <summary>No more finals: waits until every queued one is written.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return _loop.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _slots.Dispose();
    }

    private async Task EmitAsync()
    {
        await foreach (var final in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            Transcript? transcript;
            try
            {
                transcript = await final.Transcript!.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                _fail(ex);
                return;
            }
            finally
            {
                ReleaseSlot();
            }

            lock (_gate)
            {
                _statistics.PassEnded(transcript);
                var written = Write(final, transcript?.Segments ?? []);
                _events.TryWrite(new UtteranceTranscribedEvent(final.UtteranceId, written));
            }

            _sent(final);
        }
    }

    private int Write(PendingFinal final, IReadOnlyList<TranscriptSegment> passSegments)
    {
        var (segments, noSpeech, annotation) = _filter.Apply(passSegments);
        _statistics.SegmentsDropped(noSpeech, annotation);
        var offset = AudioTime.FromSamples(final.Start);
        var audioEnd = AudioTime.FromSamples(final.End);
        foreach (var segment in segments)
        {
            // Finals never overlap and never leave their audio, whatever the model's timestamps say.
            var start = Max(offset + segment.Start, Max(offset, _lastEnd));
            var end = Min(Max(offset + segment.End, start), audioEnd);
            start = Min(start, end);
            _lastEnd = end;
            _events.TryWrite(new SegmentEvent(
                ++_statistics.Finals,
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

        return segments.Count;
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
