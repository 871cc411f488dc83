using Google.Protobuf.WellKnownTypes;
using Stt.V1;

namespace Stt.Client.Streaming;

/// <summary>
/// Joins the server streams of one live stream into the transcript of a single stream: times move from each server
/// stream's start to the start of the caller's audio, final ids run on (1, 2, 3, ...), utterance ids too, and a final
/// that ends where an earlier one already ended is dropped (its start is clamped when it overlaps), so finals never
/// repeat or overlap. It also keeps how far the servers have confirmed the audio: up to the end of the last final,
/// or all a server received once it sent its summary.
/// </summary>
internal sealed class ResumedTranscript
{
    private readonly SessionSummary _totals = new();
    private uint _finals;
    private uint _utteranceBase;
    private uint _lastUtterance;
    private TimeSpan _lastFinalEnd;

    /// <summary>Packets before this one are transcribed, their finals delivered.</summary>
    public long Confirmed { get; private set; }

    /// <summary>Finals delivered to the caller.</summary>
    public uint Finals => _finals;

    /// <summary>Starts the bookkeeping of a new server stream.</summary>
    public void BeginAttempt() => _utteranceBase = _lastUtterance;

    /// <summary>The response as the caller sees it, or null when it is not passed on (a summary, a repeated final).</summary>
    public StreamingTranscribeResponse? Map(StreamingTranscribeResponse response, AttemptProgress attempt)
    {
        var offset = Packets.ToTime(attempt.From);
        switch (response.ResponseCase)
        {
            case StreamingTranscribeResponse.ResponseOneofCase.Segment:
                var segment = Shift(response.Segment, offset);
                segment.UtteranceId += _utteranceBase;
                _lastUtterance = Math.Max(_lastUtterance, segment.UtteranceId);
                if (!segment.IsFinal)
                {
                    // An interim's id is the id its utterance's first final will get.
                    segment.Id = _finals + segment.Id - attempt.ServerFinals;
                    return With(response, segment);
                }

                attempt.ServerFinals++;
                var start = segment.Start.ToTimeSpan();
                var end = segment.End.ToTimeSpan();
                if (_finals > 0 && end <= _lastFinalEnd)
                {
                    attempt.DuplicatesDropped++;
                    return null;
                }

                if (_finals > 0 && start < _lastFinalEnd)
                {
                    segment.Start = Duration.FromTimeSpan(_lastFinalEnd);
                }

                segment.Id = ++_finals;
                _lastFinalEnd = end;
                attempt.Finals++;
                Confirmed = Math.Max(Confirmed, Packets.Before(end));
                return With(response, segment);

            case StreamingTranscribeResponse.ResponseOneofCase.SpeechEvent:
                var speech = response.SpeechEvent.Clone();
                speech.Offset = Duration.FromTimeSpan(speech.Offset.ToTimeSpan() + offset);
                speech.UtteranceId += _utteranceBase;
                _lastUtterance = Math.Max(_lastUtterance, speech.UtteranceId);
                var mapped = response.Clone();
                mapped.SpeechEvent = speech;
                return mapped;

            case StreamingTranscribeResponse.ResponseOneofCase.Summary:
                // Everything the server received is transcribed and its finals are in: the summary comes last.
                attempt.Summary = response.Summary;
                Confirmed = Math.Max(Confirmed, attempt.From + Packets.Round(TimeSpan.FromSeconds(response.Summary.AudioSeconds)));
                Add(response.Summary);
                return null;

            default:
                return response;
        }
    }

    /// <summary>The summary of the whole stream: the audio up to where the last server stream ended, and the totals of every server stream that sent a summary.</summary>
    public StreamingTranscribeResponse Summary(AttemptProgress last, string clientRequestId)
    {
        var summary = _totals.Clone();
        summary.AudioSeconds = Packets.ToTime(last.From).TotalSeconds + (last.Summary?.AudioSeconds ?? 0);
        summary.FinalSegments = _finals;
        summary.Utterances = _lastUtterance;
        return new StreamingTranscribeResponse { ClientRequestId = clientRequestId, Summary = summary };
    }

    private void Add(SessionSummary s)
    {
        _totals.TranscribedSeconds += s.TranscribedSeconds;
        _totals.InterimSegments += s.InterimSegments;
        _totals.InferenceSeconds += s.InferenceSeconds;
        _totals.PacketsReceived += s.PacketsReceived;
        _totals.PacketsConcealed += s.PacketsConcealed;
        _totals.InterimsSkipped += s.InterimsSkipped;
        _totals.RejectedSeconds += s.RejectedSeconds;
        _totals.DroppedNoSpeechSegments += s.DroppedNoSpeechSegments;
        _totals.DroppedAnnotationSegments += s.DroppedAnnotationSegments;
    }

    private static Segment Shift(Segment segment, TimeSpan offset)
    {
        var shifted = segment.Clone();
        if (offset == TimeSpan.Zero)
        {
            return shifted;
        }

        shifted.Start = Duration.FromTimeSpan(segment.Start.ToTimeSpan() + offset);
        shifted.End = Duration.FromTimeSpan(segment.End.ToTimeSpan() + offset);
        foreach (var word in shifted.Words)
        {
            word.Start = Duration.FromTimeSpan(word.Start.ToTimeSpan() + offset);
            word.End = Duration.FromTimeSpan(word.End.ToTimeSpan() + offset);
        }

        return shifted;
    }

    private static StreamingTranscribeResponse With(StreamingTranscribeResponse response, Segment segment) =>
        new() { ClientRequestId = response.ClientRequestId, Segment = segment };
}
