namespace Stt.Core.Streaming;

/// <summary>Consecutive utterances of a file transcribed in one pass: from the start of the first to the end of the last, in samples.</summary>
internal sealed record FileWindow(uint UtteranceId, long Start, long End);
