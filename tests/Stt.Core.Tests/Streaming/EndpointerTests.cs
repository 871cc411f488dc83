using Stt.Core.Streaming;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class EndpointerTests
{
    private static readonly float[] Frame = new float[StreamingOptions.FrameSamples];

    /// <summary>Feeds a pattern of (speech?, milliseconds) and returns every event.</summary>
    private static List<EndpointEvent> Run(StreamingOptions options, params (bool Speech, int Ms)[] pattern)
    {
        var endpointer = new Endpointer(options.Endpointing);
        var events = new List<EndpointEvent>();
        foreach (var (speech, ms) in pattern)
        {
            for (var i = 0; i < ms / 20; i++)
            {
                endpointer.Process(Frame, speech, events);
            }
        }

        if (endpointer.Flush(endpointer.Position) is { } last)
        {
            events.Add(last);
        }

        return events;
    }

    private static double Seconds(long samples) => samples / 16000.0;

    [Test]
    public void Process_SpeechThenSilence_OneUtteranceWithPreRollAndTail()
    {
        var events = Run(new StreamingOptions { SpeculativeFinalAfter = TimeSpan.Zero }, (false, 1000), (true, 2000), (false, 1000));

        Assert.That(events.Select(e => e.Kind), Is.EqualTo(new[] { EndpointEventKind.SpeechStarted, EndpointEventKind.UtteranceEnded }));
        Assert.That(Seconds(events[0].End), Is.EqualTo(1.0).Within(0.001), "speech detected where it began");
        Assert.That(Seconds(events[1].Start), Is.EqualTo(0.7).Within(0.001), "300 ms of pre-roll");
        Assert.That(Seconds(events[1].End), Is.EqualTo(3.2).Within(0.001), "200 ms of tail after the last speech");
        Assert.That(events[1].Reason, Is.EqualTo(EndReason.Silence));
    }

    [Test]
    public void Process_PauseShorterThanSilenceLimit_StaysOneUtterance()
    {
        var events = Run(new StreamingOptions(), (true, 1000), (false, 400), (true, 1000), (false, 1000));

        Assert.That(events.Count(e => e.Kind == EndpointEventKind.UtteranceEnded), Is.EqualTo(1));
    }

    [Test]
    public void Process_LongUtterance_EndsAtAShorterPause()
    {
        var events = Run(new StreamingOptions(), (true, 3000), (false, 400), (true, 4000), (false, 400), (true, 1000), (false, 1000));

        var ends = events.Where(e => e.Kind == EndpointEventKind.UtteranceEnded).ToList();
        Assert.That(ends, Has.Count.EqualTo(2), "the 400 ms pause after 3 s of speech does not end it; the one after 7.4 s does");
        Assert.That(Seconds(ends[0].End), Is.EqualTo(7.6).Within(0.001));
    }

    [Test]
    public void Process_BlipShorterThanMinSpeech_IsIgnored()
    {
        var events = Run(new StreamingOptions(), (false, 500), (true, 60), (false, 2000));

        Assert.That(events, Is.Empty);
    }

    [Test]
    public void Process_LongSpeech_IsCutAtMaxLengthAndContinues()
    {
        var options = new StreamingOptions { MaxUtterance = TimeSpan.FromSeconds(5) };

        var events = Run(options, (true, 12000), (false, 1000));

        var ends = events.Where(e => e.Kind == EndpointEventKind.UtteranceEnded).ToList();
        Assert.That(ends, Has.Count.EqualTo(3));
        Assert.That(ends[0].Reason, Is.EqualTo(EndReason.MaxLength));
        Assert.That(ends.Select(e => Seconds(e.End - e.Start)), Has.All.LessThanOrEqualTo(5.0));
        Assert.That(ends[1].Start, Is.EqualTo(ends[0].End), "the next utterance starts where the cut was, nothing lost");
    }

    [Test]
    public void Process_EndOfStreamDuringSpeech_FlushesTheUtterance()
    {
        var events = Run(new StreamingOptions(), (false, 200), (true, 1500));

        Assert.That(events[^1].Kind, Is.EqualTo(EndpointEventKind.UtteranceEnded));
        Assert.That(events[^1].Reason, Is.EqualTo(EndReason.EndOfStream));
        Assert.That(Seconds(events[^1].End), Is.EqualTo(1.7).Within(0.001));
    }

    [Test]
    public void Process_SilenceReachesTheSpeculativeDelay_AnnouncesWhereTheUtteranceWillEnd()
    {
        var events = Run(new StreamingOptions(), (false, 1000), (true, 2000), (false, 1000));

        Assert.That(events.Select(e => e.Kind), Is.EqualTo(new[] { EndpointEventKind.SpeechStarted, EndpointEventKind.Paused, EndpointEventKind.UtteranceEnded }));
        Assert.That((events[1].Start, events[1].End), Is.EqualTo((events[2].Start, events[2].End)), "the pause names the very audio the utterance ends with");
    }

    [Test]
    public void Process_SpeechResumesAfterAPause_OnlyTheLastPauseMatchesTheEnd()
    {
        var events = Run(new StreamingOptions(), (false, 500), (true, 1000), (false, 400), (true, 1000), (false, 1000));

        var pauses = events.Where(e => e.Kind == EndpointEventKind.Paused).ToList();
        var end = events.Single(e => e.Kind == EndpointEventKind.UtteranceEnded);
        Assert.That(pauses, Has.Count.EqualTo(2));
        Assert.That(pauses[0].End, Is.LessThan(end.End), "speech resumed after the first pause");
        Assert.That(pauses[1].End, Is.EqualTo(end.End));
    }

    [Test]
    public void Process_SpeculationOff_NoPauses()
    {
        var events = Run(new StreamingOptions { SpeculativeFinalAfter = TimeSpan.Zero }, (true, 1000), (false, 400), (true, 1000), (false, 1000));

        Assert.That(events.Select(e => e.Kind), Has.None.EqualTo(EndpointEventKind.Paused));
    }
}
