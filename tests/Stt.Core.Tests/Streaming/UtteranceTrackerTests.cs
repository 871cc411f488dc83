using System.Threading.Channels;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class UtteranceTrackerTests
{
    private const long Second = 16000;
    private const long PreRoll = Second * 3 / 10;
    private const long Tail = Second / 5;
    private Channel<StreamEvent> _events = Channel.CreateUnbounded<StreamEvent>();
    private StreamStatistics _statistics = new(null, live: true);
    private LoudnessDetector _detector = new();

    [SetUp]
    public void CreateParts() // NUnit shares one instance between tests
    {
        _events = Channel.CreateUnbounded<StreamEvent>();
        _statistics = new StreamStatistics(null, live: true);
        _detector = new LoudnessDetector();
    }

    private UtteranceTracker Create(bool file = false) =>
        new(new Lock(), new StreamingOptions(), _detector, _events.Writer, _statistics, file ? new FileFinals(new FileWindows(new StreamingOptions())) : BusyScheduler.LiveFinals(_statistics), TimeProvider.System);

    private List<StreamEvent> Announced()
    {
        var events = new List<StreamEvent>();
        while (_events.Reader.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    [Test]
    public void Accept_OneUtterance_AnnouncesItAndQueuesItsFinalWithPreRollAndTail()
    {
        using var tracker = Create();

        var ended = tracker.Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(2.0), .. TestSpeech.Silence(1.0)]);

        var events = Announced();
        Assert.That(events.Select(e => e.GetType().Name), Is.EqualTo(new[] { nameof(SpeechStartedEvent), nameof(EndOfUtteranceEvent) }));
        Assert.That(((EndOfUtteranceEvent)events[1]).Offset, Is.EqualTo(TimeSpan.FromSeconds(3.2)));
        var final = ended.Single();
        Assert.That((final.UtteranceId, final.Start, final.End), Is.EqualTo((1u, Second - PreRoll, (3 * Second) + Tail)));
        Assert.That(final.Samples, Has.Length.EqualTo(final.End - final.Start));
        Assert.That(final.LastSpeechAt, Is.Not.Zero, "a live final is timed from its last speech");
        Assert.That(tracker.Accept(TestSpeech.Silence(0.1)), Is.Empty, "each final is returned once");
        Assert.That((_statistics.Utterances, _statistics.TranscribedSamples), Is.EqualTo((1u, final.End - final.Start)));
    }

    [Test]
    public void Accept_SpeechGoingOn_CurrentIsTheOpenUtteranceUntilItEnds()
    {
        using var tracker = Create();

        tracker.Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(1.0)]);
        var open = tracker.Current;
        tracker.Accept(TestSpeech.Silence(1.0));

        Assert.That(open, Is.Not.Null);
        Assert.That((open!.Id, open.Start, open.SpeechStart), Is.EqualTo((1u, Second - PreRoll, Second)));
        Assert.That(tracker.Current, Is.Null);
        Assert.That(open.IsFinished, Is.True);
    }

    [Test]
    public void Cut_UtteranceInProgress_EndsItAfterItsTail()
    {
        using var tracker = Create();
        tracker.Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(1.0)]);

        var cut = tracker.Cut();
        var again = tracker.Cut();

        Assert.That(again, Is.Null, "the second finds no utterance in progress");
        Assert.That(cut!.Single().End, Is.EqualTo(2 * Second), "the tail cannot reach past the audio received");
        Assert.That(Announced().OfType<EndOfUtteranceEvent>().Count(), Is.EqualTo(1));
    }

    [Test]
    public void Flush_StreamEndsInSpeech_TheLastPartialFrameIsIncluded()
    {
        using var tracker = Create();
        tracker.Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(1.0), .. LoudnessDetector.Speech(0.005)]);

        var flushed = tracker.Flush();

        Assert.That(tracker.Position, Is.EqualTo((2 * Second) + 80));
        Assert.That(flushed.Single().End, Is.EqualTo((2 * Second) + 80));
    }

    [Test]
    public void Accept_LongSilence_KeepsOnlyWhatADetectionCanReachBackTo()
    {
        using var tracker = Create();

        tracker.Accept(TestSpeech.Silence(5.0));

        var kept = tracker.Audio.Slice(0, tracker.Audio.End);
        Assert.That(tracker.Audio.End, Is.EqualTo(5 * Second));
        Assert.That(kept, Has.Length.EqualTo(PreRoll + Endpointer.DetectionWindowSamples));
        Assert.That(Announced(), Is.Empty);
    }

    [Test]
    public void Accept_FileUtterancesCloseTogether_OneFinalOverTheirWindow()
    {
        using var tracker = Create(file: true);

        var beforeTheEnd = tracker.Accept(
            [.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(1.0), .. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(1.0), .. TestSpeech.Silence(1.0)]);
        var final = tracker.Flush().Single();

        Assert.That(beforeTheEnd, Is.Empty, "the window stays open while the pause is shorter than the gap");
        Assert.That((final.UtteranceId, final.Start, final.End), Is.EqualTo((1u, Second - PreRoll, (4 * Second) + Tail)));
        Assert.That(final.LastSpeechAt, Is.Zero, "a file's finals are not timed");
        Assert.That(Announced().OfType<EndOfUtteranceEvent>().Count(), Is.EqualTo(2), "its utterances are still announced one by one");
    }

    [Test]
    public void Dispose_DisposesTheDetector()
    {
        var tracker = Create();

        tracker.Dispose();

        Assert.That(_detector.Disposed, Is.True);
    }
}
