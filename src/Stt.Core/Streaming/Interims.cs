using Stt.Audio;
using Stt.Core.Detection;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// Interims of a stream's utterance in progress: says when a pass over its audio so far is due (<see cref="InterimPolicy"/>,
/// at <see cref="InterimCadence.Context"/>), starts it, and makes what comes back a non-final
/// <see cref="SegmentEvent"/> whose stable words are those two consecutive full-context passes agree on
/// (<see cref="LocalAgreement"/>). A result that arrives after its utterance ended, or after a newer one was published,
/// is stale. It takes no lock and writes no event: its owner (the transcriber) calls <see cref="Due"/> and
/// <see cref="Publish"/> under its lock, and awaits the pass outside it.
/// </summary>
/// <param name="passes">The stream's passes.</param>
/// <param name="cadence">When interims are due, and at what context.</param>
/// <param name="filter">The defences after the model.</param>
/// <param name="wordTimestamps">The client asked for word timings.</param>
internal sealed class Interims(StreamPasses passes, InterimCadence cadence, SegmentFilter filter, bool wordTimestamps)
{
    /// <summary>The interim pass due now over the utterance in progress, if any; marks it in flight.</summary>
    public InterimPass? Due(Segmenter segmenter)
    {
        var audio = segmenter.Audio;
        if (segmenter.Current is not { } open
            || !InterimPolicy.IsDue(new InterimState(open.Start, open.SpeechStart, open.LastInterimAt, open.InterimInFlight, open.Speculation is not null), audio.End, passes.WorkersSaturated, cadence))
        {
            return null;
        }

        open.LastInterimAt = audio.End;
        open.InterimInFlight = true;
        return new InterimPass(open, ++open.InterimSequence, audio.Slice(open.Start, audio.End), open.InterimCancellation(passes.Aborted));
    }

    /// <summary>Schedules the pass; a queued interim of this stream is replaced by its newer one.</summary>
    public Task<Transcript?> Start(InterimPass pass) =>
        passes.Start(pass.Samples, PassPriority.Interim, pass.Cancellation, replaceKey: this, cadence.Context);

    /// <summary>
    /// What the finished <paramref name="pass"/> publishes: an interim, or nothing (the model kept no segment), or stale
    /// (skipped: no result, its utterance ended, or a newer one was published).
    /// </summary>
    public InterimResult Publish(InterimPass pass, Transcript? transcript)
    {
        var utterance = pass.Utterance;
        if (transcript is null || utterance.IsFinished || pass.Sequence <= utterance.LastEmittedSequence)
        {
            return InterimResult.Stale;
        }

        utterance.LastEmittedSequence = pass.Sequence;
        var segments = filter.Apply(transcript.Segments).Kept;
        return segments.Count == 0 ? InterimResult.Empty : new InterimResult(Interim(utterance, segments, transcript.Provisional), IsStale: false);
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
