using Google.Protobuf.WellKnownTypes;
using Stt.Client.Streaming;
using Stt.V1;

namespace Stt.Server.Tests.Clients;

/// <summary>How the client joins the server streams of one live stream into one transcript (no server needed).</summary>
[Unit]
public sealed class ResumedTranscriptTests
{
    [Test]
    public void Map_SecondStream_TimesFromTheStartOfTheAudioIdsRunOn()
    {
        var transcript = new ResumedTranscript();
        var first = Begin(transcript, from: 0);
        transcript.Map(Final(1, utterance: 1, 0.5, 2.46), first);
        var second = Begin(transcript, from: 123); // 2.46 s

        var interim = transcript.Map(Interim(1, utterance: 1, 0.3, 1.0), second)!.Segment;
        var speech = transcript.Map(Speech(SpeechEvent.Types.Type.SpeechStarted, utterance: 1, 0.4), second)!.SpeechEvent;
        var final = transcript.Map(Final(1, utterance: 1, 0.3, 1.5), second)!.Segment;

        Assert.Multiple(() =>
        {
            Assert.That((interim.Id, interim.UtteranceId), Is.EqualTo((2u, 2u)), "an interim carries the id its first final will get");
            Assert.That(interim.Start.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMilliseconds(2760)));
            Assert.That((speech.UtteranceId, speech.Offset.ToTimeSpan()), Is.EqualTo((2u, TimeSpan.FromMilliseconds(2860))));
            Assert.That((final.Id, final.UtteranceId), Is.EqualTo((2u, 2u)));
            Assert.That((final.Start.ToTimeSpan(), final.End.ToTimeSpan()), Is.EqualTo((TimeSpan.FromMilliseconds(2760), TimeSpan.FromMilliseconds(3960))));
            Assert.That(transcript.Confirmed, Is.EqualTo(198), "3.96 s: 198 packets of 20 ms");
        });
    }

    [Test]
    public void Map_FinalEndingWhereAnEarlierOneEnded_IsDropped()
    {
        var transcript = new ResumedTranscript();
        var first = Begin(transcript, from: 0);
        transcript.Map(Final(1, utterance: 1, 0.5, 2.46), first);
        var second = Begin(transcript, from: 100); // 2.0 s: sent again from before the last final's end

        var repeated = transcript.Map(Final(1, utterance: 1, 0.0, 0.4), second);
        var next = transcript.Map(Final(2, utterance: 2, 1.0, 2.0), second)!.Segment;

        Assert.Multiple(() =>
        {
            Assert.That(repeated, Is.Null);
            Assert.That(second.DuplicatesDropped, Is.EqualTo(1));
            Assert.That(next.Id, Is.EqualTo(2u), "ids stay consecutive");
        });
    }

    [Test]
    public void Map_FinalOverlappingTheLastOne_StartsWhereTheLastOneEnded()
    {
        var transcript = new ResumedTranscript();
        var first = Begin(transcript, from: 0);
        transcript.Map(Final(1, utterance: 1, 0.5, 2.46), first);
        var second = Begin(transcript, from: 123);

        var final = transcript.Map(Final(1, utterance: 1, -0.1, 1.0), second)!.Segment; // a model timestamp before the stream's start

        Assert.That(final.Start.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMilliseconds(2460)));
    }

    [Test]
    public void Map_Summary_ConfirmsEverythingTheServerReceivedAndIsNotPassedOn()
    {
        var transcript = new ResumedTranscript();
        var first = Begin(transcript, from: 0);
        transcript.Map(Final(1, utterance: 1, 0.5, 2.46), first);

        var passed = transcript.Map(new StreamingTranscribeResponse { Summary = new SessionSummary { AudioSeconds = 3.9975, InferenceSeconds = 0.2 } }, first);
        var second = Begin(transcript, from: transcript.Confirmed);
        transcript.Map(new StreamingTranscribeResponse { Summary = new SessionSummary { AudioSeconds = 7, InferenceSeconds = 0.3 } }, second);
        var summary = transcript.Summary(second, "id").Summary;

        Assert.Multiple(() =>
        {
            Assert.That(passed, Is.Null, "one summary, at the end");
            Assert.That(second.From, Is.EqualTo(200), "the next stream starts after all the first one received (its 2.5 ms resampler tail rounded to the packet)");
            Assert.That(summary.AudioSeconds, Is.EqualTo(11).Within(1e-9));
            Assert.That(summary.InferenceSeconds, Is.EqualTo(0.5).Within(1e-9));
            Assert.That(summary.FinalSegments, Is.EqualTo(1));
        });
    }

    private static AttemptProgress Begin(ResumedTranscript transcript, long from)
    {
        transcript.BeginAttempt();
        return new AttemptProgress(1, from, 0);
    }

    private static StreamingTranscribeResponse Final(uint id, uint utterance, double start, double end) =>
        new() { Segment = new Segment { Id = id, UtteranceId = utterance, IsFinal = true, Text = "x", Start = At(start), End = At(end) } };

    private static StreamingTranscribeResponse Interim(uint id, uint utterance, double start, double end) =>
        new() { Segment = new Segment { Id = id, UtteranceId = utterance, Text = "x", Start = At(start), End = At(end) } };

    private static StreamingTranscribeResponse Speech(SpeechEvent.Types.Type type, uint utterance, double offset) =>
        new() { SpeechEvent = new SpeechEvent { Type = type, UtteranceId = utterance, Offset = At(offset) } };

    private static Duration At(double seconds) => Duration.FromTimeSpan(TimeSpan.FromMilliseconds(Math.Round(seconds * 1000)));
}
