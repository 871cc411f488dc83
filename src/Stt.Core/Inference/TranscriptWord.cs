namespace Stt.Core.Inference;

/// <summary>A word with its timing, relative to the start of the buffer.</summary>
public sealed record TranscriptWord(string Text, TimeSpan Start, TimeSpan End, float Probability);
