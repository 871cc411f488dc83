namespace Stt.Core.Streaming;

/// <summary>What the endpointer saw: speech starting, or an utterance ending.</summary>
/// <param name="Kind">Started or ended.</param>
/// <param name="Start">Start of the utterance's audio (pre-roll included), in samples from the start of the stream.</param>
/// <param name="End">
/// Ended: end of the utterance's audio (tail included). Paused: where it will end if speech does not resume.
/// Started: where speech was detected.
/// </param>
/// <param name="Reason">Ended: why.</param>
public sealed record EndpointEvent(EndpointEventKind Kind, long Start, long End, EndReason Reason = EndReason.None);

/// <summary>Kinds of <see cref="EndpointEvent"/>.</summary>
public enum EndpointEventKind
{
    /// <summary>Speech began.</summary>
    SpeechStarted,

    /// <summary>The utterance ended.</summary>
    UtteranceEnded,

    /// <summary>
    /// The utterance has been silent for <see cref="StreamingOptions.SpeculativeFinalAfter"/>: it ends at
    /// <see cref="EndpointEvent.End"/> unless speech resumes first.
    /// </summary>
    Paused,
}

/// <summary>Why an utterance ended.</summary>
public enum EndReason
{
    /// <summary>Not an end.</summary>
    None,

    /// <summary>Trailing silence.</summary>
    Silence,

    /// <summary>The utterance reached its maximum length and was cut at its quietest recent point.</summary>
    MaxLength,

    /// <summary>The stream ended.</summary>
    EndOfStream,

    /// <summary>The client ended the turn (<see cref="Endpointer.Cut"/>).</summary>
    Requested,
}
