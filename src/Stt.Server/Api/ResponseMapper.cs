using Google.Protobuf.WellKnownTypes;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>Core stream events to their wire form.</summary>
internal static class ResponseMapper
{
    /// <summary>The wire form of <paramref name="e"/>, or null for an event the gRPC API does not carry.</summary>
    public static StreamingTranscribeResponse? ToResponse(StreamEvent e, string clientRequestId)
    {
        var response = new StreamingTranscribeResponse { ClientRequestId = clientRequestId };
        switch (e)
        {
            case SegmentEvent segment:
                response.Segment = ToSegment(segment);
                break;
            case SpeechStartedEvent started:
                response.SpeechEvent = new SpeechEvent { Type = SpeechEvent.Types.Type.SpeechStarted, Offset = Duration.FromTimeSpan(started.Offset), UtteranceId = started.UtteranceId };
                break;
            case EndOfUtteranceEvent ended:
                response.SpeechEvent = new SpeechEvent { Type = SpeechEvent.Types.Type.EndOfUtterance, Offset = Duration.FromTimeSpan(ended.Offset), UtteranceId = ended.UtteranceId };
                break;
            case SummaryEvent { Summary: var s }:
                response.Summary = ToSummary(s);
                break;
            case UtteranceTranscribedEvent:
                return null; // the next utterance's finals, or the summary, say as much
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown stream event");
        }

        return response;
    }

    public static Segment ToSegment(SegmentEvent s)
    {
        var segment = new Segment
        {
            Id = s.Id,
            UtteranceId = s.UtteranceId,
            Text = s.Text,
            Start = Duration.FromTimeSpan(s.Start),
            End = Duration.FromTimeSpan(s.End),
            IsFinal = s.IsFinal,
            Stability = s.Stability,
            StableText = s.IsFinal ? string.Empty : s.StableText,
            Language = s.Language,
            NoSpeechProbability = s.NoSpeechProbability,
            Confidence = s.Confidence,
        };
        segment.Words.AddRange(s.Words.Select(ToWord));
        return segment;
    }

    private static Word ToWord(TranscriptWord w) => new()
    {
        Text = w.Text,
        Start = Duration.FromTimeSpan(w.Start),
        End = Duration.FromTimeSpan(w.End),
        Probability = w.Probability,
    };

    /// <summary>A stream's totals on the wire (the contract's SessionSummary).</summary>
    public static Stt.V1.SessionSummary ToSummary(StreamSummary s) => new()
    {
        AudioSeconds = s.Audio.TotalSeconds,
        TranscribedSeconds = s.Transcribed.TotalSeconds,
        FinalSegments = (uint)s.FinalSegments,
        InterimSegments = (uint)s.InterimSegments,
        Utterances = (uint)s.Utterances,
        InferenceSeconds = s.Inference.TotalSeconds,
        PacketsReceived = (uint)s.PacketsReceived,
        PacketsConcealed = (uint)s.PacketsConcealed,
        InterimsSkipped = (uint)s.InterimsSkipped,
        RejectedSeconds = s.Rejected.TotalSeconds,
        DroppedNoSpeechSegments = (uint)s.DroppedNoSpeechSegments,
        DroppedAnnotationSegments = (uint)s.DroppedAnnotationSegments,
        CappedPasses = (uint)s.CappedPasses,
    };
}
