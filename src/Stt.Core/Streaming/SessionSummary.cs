namespace Stt.Core.Streaming;

/// <summary>Totals for a stream.</summary>
public sealed record SessionSummary(
    TimeSpan Audio,
    TimeSpan Transcribed,
    int FinalSegments,
    int InterimSegments,
    int Utterances,
    TimeSpan Inference,
    int PacketsReceived,
    int PacketsConcealed,
    int InterimsSkipped);
