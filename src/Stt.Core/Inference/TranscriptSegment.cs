namespace Stt.Core.Inference;

/// <summary>A segment of a <see cref="Transcript"/>.</summary>
/// <param name="Start">Offset of the start from the start of the buffer.</param>
/// <param name="End">Offset of the end from the start of the buffer.</param>
/// <param name="Text">Trimmed text.</param>
/// <param name="Confidence">Mean token probability, 0 to 1.</param>
/// <param name="NoSpeechProbability">Model's probability that the audio holds no speech, 0 to 1.</param>
/// <param name="Language">Language code, detected or as requested.</param>
/// <param name="Words">Per-word timings when they were requested; empty otherwise.</param>
/// <param name="AverageLogProbability">Mean natural-log probability of the segment's text tokens (0 is certain).</param>
public sealed record TranscriptSegment(
    TimeSpan Start,
    TimeSpan End,
    string Text,
    float Confidence,
    float NoSpeechProbability,
    string Language,
    IReadOnlyList<TranscriptWord> Words,
    float AverageLogProbability = 0);
