using Stt.Audio;

namespace Stt.Core.Streaming;

/// <summary>
/// When an utterance in progress gets its next interim pass. One at a time per utterance (a second would only delay
/// the first and the final), none while a speculative final runs, none while every worker is busy (interims are
/// thinned before finals wait). The first comes <see cref="InterimCadence.FirstAfter"/> after speech starts;
/// then the interval grows with the utterance (<see cref="InterimCadence.Growth"/> of its length, at
/// least <see cref="InterimCadence.Interval"/>), so re-transcribing a growing window costs linear, not
/// quadratic, time in its length.
/// </summary>
public static class InterimPolicy
{
    /// <summary>True when an interim pass over the utterance's audio up to <paramref name="now"/> should start.</summary>
    /// <param name="utterance">The utterance's state.</param>
    /// <param name="now">Audio received, in samples.</param>
    /// <param name="workersSaturated">Every worker is busy.</param>
    /// <param name="cadence">When interims are due.</param>
    public static bool IsDue(InterimState utterance, long now, bool workersSaturated, InterimCadence cadence)
    {
        if (utterance.InFlight || utterance.Paused || workersSaturated)
        {
            return false;
        }

        var interval = Math.Max(AudioTime.ToSamples(cadence.Interval), (long)((now - utterance.Start) * cadence.Growth));
        var dueAt = utterance.LastInterimAt is { } last ? last + interval : utterance.SpeechStart + AudioTime.ToSamples(cadence.FirstAfter);
        return now >= dueAt;
    }
}
