namespace Stt.Core.Streaming;

/// <summary>
/// Totals for a stream. <see cref="Transcribed"/> is the audio the speech detector passed to the model (utterances with
/// their pre-roll and tail); <see cref="Rejected"/> the rest. Speculative finals: passes started at a pause and used
/// as the final, or dropped because speech resumed. Dropped segments: final segments removed by each defence of
/// <see cref="Detection.SegmentFilter"/>. Capped passes: passes that reached their token cap (a decoder loop, cut short).
/// </summary>
public sealed record StreamSummary(
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
    int SpeculativeFinalsDropped = 0,
    int DroppedNoSpeechSegments = 0,
    int DroppedAnnotationSegments = 0,
    int CappedPasses = 0)
{
    /// <summary>Audio the speech detector kept from the model.</summary>
    public TimeSpan Rejected => Audio > Transcribed ? Audio - Transcribed : TimeSpan.Zero;
}
