using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>Something a stream tells its client. Times are offsets from the start of the stream.</summary>
public abstract record StreamEvent;

/// <summary>Speech began.</summary>
public sealed record SpeechStartedEvent(uint UtteranceId, TimeSpan Offset) : StreamEvent;

/// <summary>The utterance ended; its finals follow.</summary>
public sealed record EndOfUtteranceEvent(uint UtteranceId, TimeSpan Offset) : StreamEvent;

/// <summary>An interim or final segment.</summary>
/// <param name="Id">Finals: 1, 2, 3, ... in time order. Interims: 0.</param>
/// <param name="UtteranceId">The utterance it belongs to.</param>
/// <param name="Text">The text.</param>
/// <param name="Start">Start offset.</param>
/// <param name="End">End offset.</param>
/// <param name="IsFinal">Final or interim.</param>
/// <param name="Stability">Share of the text two passes agreed on (1 for finals).</param>
/// <param name="StableText">Interims: the agreed leading words.</param>
/// <param name="Words">Word timings, when requested.</param>
/// <param name="Language">Language of the segment.</param>
/// <param name="NoSpeechProbability">Model's no-speech probability.</param>
/// <param name="Confidence">Mean token probability.</param>
public sealed record SegmentEvent(
    uint Id,
    uint UtteranceId,
    string Text,
    TimeSpan Start,
    TimeSpan End,
    bool IsFinal,
    float Stability,
    string StableText,
    IReadOnlyList<TranscriptWord> Words,
    string Language,
    float NoSpeechProbability,
    float Confidence) : StreamEvent;

/// <summary>
/// Every final of the utterance has been emitted (there may be none: the model heard nothing it kept). Sent right
/// after its last final; it has no wire form in the gRPC API, where the next utterance's finals say as much.
/// </summary>
/// <param name="UtteranceId">The utterance.</param>
/// <param name="FinalSegments">Finals it produced.</param>
public sealed record UtteranceTranscribedEvent(uint UtteranceId, int FinalSegments) : StreamEvent;

/// <summary>Totals, sent last.</summary>
public sealed record SummaryEvent(StreamSummary Summary) : StreamEvent;
