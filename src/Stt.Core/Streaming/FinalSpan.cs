namespace Stt.Core.Streaming;

/// <summary>Audio that becomes one final: a live utterance, or a file's window of utterances. Positions in samples.</summary>
/// <param name="UtteranceId">The utterance its segments belong to (a file window: its first utterance).</param>
/// <param name="Start">Start of its audio.</param>
/// <param name="End">End of its audio.</param>
/// <param name="LastSpeechAt">When its last speech frame arrived (timestamp of the stream's clock); 0 for files.</param>
internal sealed record FinalSpan(uint UtteranceId, long Start, long End, long LastSpeechAt = 0);
