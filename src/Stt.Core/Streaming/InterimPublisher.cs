using System.Threading.Channels;
using Stt.Audio;
using Stt.Core.Detection;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// Interims of a stream's utterance in progress: starts a pass over its audio so far when <see cref="InterimPolicy"/>
/// says one is due (at <see cref="StreamingOptions.InterimContext"/>), and publishes what comes back as a non-final
/// <see cref="SegmentEvent"/> whose stable words are those two consecutive full-context passes agree on (<see cref="LocalAgreement"/>). A result that arrives after its utterance
/// ended, or after a newer one was published, is skipped. The utterance is read and the event written under the
/// transcriber's lock; the pass is scheduled and awaited outside it.
/// </summary>
/// <param name="gate">The transcriber's lock.</param>
/// <param name="utterances">The stream's utterances and audio.</param>
/// <param name="passes">The stream's passes.</param>
/// <param name="options">When interims are due.</param>
/// <param name="filter">The defences after the model.</param>
/// <param name="statistics">The stream's counters.</param>
/// <param name="events">Where interims go.</param>
/// <param name="wordTimestamps">The client asked for word timings.</param>
/// <param name="fail">Ends the stream when a pass fails.</param>
internal sealed class InterimPublisher(
    Lock gate,
    UtteranceTracker utterances,
    StreamPasses passes,
    StreamingOptions options,
    SegmentFilter filter,
    StreamStatistics statistics,
    ChannelWriter<StreamEvent> events,
    bool wordTimestamps,
    Action<Exception> fail)
{
    /// <summary>Starts an interim pass over the utterance in progress when one is due. Called by the one caller that accepts audio.</summary>
    public void MaybeStart()
    {
        Utterance utterance;
        float[] samples;
        int sequence;
        CancellationToken cancellation;
        lock (gate)
        {
            var audio = utterances.Audio;
            if (utterances.Current is not { } open
                || !InterimPolicy.IsDue(new InterimState(open.Start, open.SpeechStart, open.LastInterimAt, open.InterimInFlight, open.Speculation is not null), audio.End, passes.WorkersSaturated, options))
            {
                return;
            }

            utterance = open;
            utterance.LastInterimAt = audio.End;
            utterance.InterimInFlight = true;
            sequence = ++utterance.InterimSequence;
            samples = audio.Slice(utterance.Start, audio.End);
            cancellation = utterance.InterimCancellation(passes.Aborted);
        }

        // The publisher is the replace key: a queued interim of this stream is replaced by its newer one.
        var pass = passes.Start(samples, PassPriority.Interim, cancellation, replaceKey: this, options.InterimContext);
        _ = PublishAsync(utterance, sequence, pass);
    }

    private async Task PublishAsync(Utterance utterance, int sequence, Task<Transcript?> pass)
    {
        Transcript? transcript;
        try
        {
            transcript = await pass.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the utterance ended or the stream went away
        }
        catch (Exception ex)
        {
            fail(ex);
            return;
        }
        finally
        {
            utterance.InterimInFlight = false;
        }

        lock (gate)
        {
            statistics.PassEnded(transcript);
            if (transcript is null || utterance.IsFinished || sequence <= utterance.LastEmittedSequence)
            {
                statistics.InterimsSkipped++;
                return;
            }

            utterance.LastEmittedSequence = sequence;
            var segments = filter.Apply(transcript.Segments).Kept;
            if (segments.Count == 0)
            {
                return;
            }

            statistics.Interims++;
            events.TryWrite(Interim(utterance, segments, transcript.Provisional));
        }
    }

    private SegmentEvent Interim(Utterance utterance, IReadOnlyList<TranscriptSegment> segments, bool provisional)
    {
        // Words two consecutive full-context passes agree on are stable (LocalAgreement-2); a provisional pass (a reduced
        // context the model is not known to tolerate) is shown, never committed.
        var hypothesis = string.Join(' ', segments.Select(s => s.Text));
        var (stable, full) = provisional ? utterance.Agreement.Preview(hypothesis) : utterance.Agreement.Update(hypothesis);
        var offset = AudioTime.FromSamples(utterance.Start);
        return new SegmentEvent(
            0,
            utterance.Id,
            full,
            offset + segments[0].Start,
            offset + segments[^1].End,
            IsFinal: false,
            Stability: (float)stable.Length / full.Length,
            stable,
            wordTimestamps ? [.. segments.SelectMany(s => s.Words).Select(w => w with { Start = w.Start + offset, End = w.End + offset })] : [],
            segments[0].Language,
            segments[0].NoSpeechProbability,
            segments.Average(s => s.Confidence));
    }
}
