using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class SegmenterTests
{
    private const long Second = 16000;
    private const long PreRoll = Second * 3 / 10;
    private const long Tail = Second / 5;
    private readonly List<StreamEvent> _announced = [];
    private LoudnessDetector _detector = new();

    [SetUp]
    public void CreateParts() // NUnit shares one instance between tests
    {
        _announced.Clear();
        _detector = new LoudnessDetector();
    }

    private Segmenter Create(bool file = false) =>
        new(new StreamingOptions().Endpointing, _detector, file ? new FileFinals(new FileWindows(new StreamingOptions().FileWindows)) : BusyScheduler.LiveFinals(), TimeProvider.System);

    /// <summary>Detects, then advances (as the transcriber does, without its lock): the finals ready; keeps what was announced.</summary>
    private IReadOnlyList<PendingFinal> Accept(Segmenter segmenter, ReadOnlySpan<float> samples) => Kept(segmenter.Advance(segmenter.Detect(samples)))!;

    private IReadOnlyList<PendingFinal>? Kept(Segmented? segmented)
    {
        _announced.AddRange(segmented?.Announced ?? []);
        return segmented?.Ended;
    }

    /// <summary>What the segmenter announced since the last call.</summary>
    private List<StreamEvent> Announced()
    {
        List<StreamEvent> announced = [.. _announced];
        _announced.Clear();
        return announced;
    }

    [Test]
    public void Accept_OneUtterance_AnnouncesItAndQueuesItsFinalWithPreRollAndTail()
    {
        using var segmenter = Create();

        var ended = Accept(segmenter, [.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(2.0), .. TestSpeech.Silence(1.0)]);

        var events = Announced();
        Assert.That(events.Select(e => e.GetType().Name), Is.EqualTo(new[] { nameof(SpeechStartedEvent), nameof(EndOfUtteranceEvent) }));
        Assert.That(((EndOfUtteranceEvent)events[1]).Offset, Is.EqualTo(TimeSpan.FromSeconds(3.2)));
        var final = ended.Single();
        Assert.That((final.UtteranceId, final.Start, final.End), Is.EqualTo((1u, Second - PreRoll, (3 * Second) + Tail)));
        Assert.That(final.Samples, Has.Length.EqualTo(final.End - final.Start));
        Assert.That(final.LastSpeechAt, Is.Not.Zero, "a live final is timed from its last speech");
        Assert.That(Accept(segmenter, TestSpeech.Silence(0.1)), Is.Empty, "each final is returned once");
        Assert.That(segmenter.Utterances, Is.EqualTo(1u));
    }

    [Test]
    public void Accept_SpeechGoingOn_CurrentIsTheOpenUtteranceUntilItEnds()
    {
        using var segmenter = Create();

        Accept(segmenter, [.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(1.0)]);
        var open = segmenter.Current;
        Accept(segmenter, TestSpeech.Silence(1.0));

        Assert.That(open, Is.Not.Null);
        Assert.That((open!.Id, open.Start, open.SpeechStart), Is.EqualTo((1u, Second - PreRoll, Second)));
        Assert.That(segmenter.Current, Is.Null);
        Assert.That(open.IsFinished, Is.True);
    }

    [Test]
    public void Cut_UtteranceInProgress_EndsItAfterItsTail()
    {
        using var segmenter = Create();
        Accept(segmenter, [.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(1.0)]);

        var cut = Kept(segmenter.Cut());
        var again = Kept(segmenter.Cut());

        Assert.That(again, Is.Null, "the second finds no utterance in progress");
        Assert.That(cut!.Single().End, Is.EqualTo(2 * Second), "the tail cannot reach past the audio received");
        Assert.That(Announced().OfType<EndOfUtteranceEvent>().Count(), Is.EqualTo(1));
    }

    [Test]
    public void Flush_StreamEndsInSpeech_TheLastPartialFrameIsIncluded()
    {
        using var segmenter = Create();
        Accept(segmenter, [.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(1.0), .. LoudnessDetector.Speech(0.005)]);

        var flushed = Kept(segmenter.Flush())!;

        Assert.That(segmenter.Position, Is.EqualTo((2 * Second) + 80));
        Assert.That(flushed.Single().End, Is.EqualTo((2 * Second) + 80));
    }

    [Test]
    public void Accept_LongSilence_KeepsOnlyWhatADetectionCanReachBackTo()
    {
        using var segmenter = Create();

        Accept(segmenter, TestSpeech.Silence(5.0));

        var kept = segmenter.Audio.Slice(0, segmenter.Audio.End);
        Assert.That(segmenter.Audio.End, Is.EqualTo(5 * Second));
        Assert.That(kept, Has.Length.EqualTo(PreRoll + Endpointer.DetectionWindowSamples));
        Assert.That(Announced(), Is.Empty);
    }

    [Test]
    public void Accept_FileUtterancesCloseTogether_OneFinalOverTheirWindow()
    {
        using var segmenter = Create(file: true);

        var beforeTheEnd = Accept(segmenter, 
            [.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(1.0), .. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(1.0), .. TestSpeech.Silence(1.0)]);
        var final = Kept(segmenter.Flush())!.Single();

        Assert.That(beforeTheEnd, Is.Empty, "the window stays open while the pause is shorter than the gap");
        Assert.That((final.UtteranceId, final.Start, final.End), Is.EqualTo((1u, Second - PreRoll, (4 * Second) + Tail)));
        Assert.That(final.LastSpeechAt, Is.Zero, "a file's finals are not timed");
        Assert.That(Announced().OfType<EndOfUtteranceEvent>().Count(), Is.EqualTo(2), "its utterances are still announced one by one");
    }

    [Test]
    public void Dispose_DisposesTheDetector()
    {
        var segmenter = Create();

        segmenter.Dispose();

        Assert.That(_detector.Disposed, Is.True);
    }
}
