namespace Stt.Core.Streaming;

/// <summary>Totals for a stream. Speculative finals: passes started at a pause and used as the final, or dropped because speech resumed.</summary>
public sealed record SessionSummary(
    TimeSpan Audio,
    TimeSpan Transcribed,
    int FinalSegments,
    int InterimSegments,
    int Utterances,
    TimeSpan Inference,
    int PacketsReceived,
    int PacketsConcealed,
    int InterimsSkipped,
    int SpeculativeFinalsUsed = 0,
    int SpeculativeFinalsDropped = 0);
