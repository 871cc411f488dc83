namespace Stt.Abuse.Report;

/// <summary>One answer an attack got.</summary>
/// <param name="Call">What was called ("StreamingTranscribe", "POST /v1/audio/transcriptions").</param>
/// <param name="Outcome">The status as the client saw it ("RESOURCE_EXHAUSTED", "HTTP 400", "close 1008").</param>
/// <param name="Kind">What a client can do with it.</param>
/// <param name="Expected">True when it is an answer this attack should get.</param>
/// <param name="Detail">The server's message, when it gave one.</param>
internal sealed record Answer(string Call, string Outcome, AnswerKind Kind, bool Expected, string? Detail);
