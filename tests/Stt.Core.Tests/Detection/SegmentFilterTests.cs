using Microsoft.Extensions.Options;
using Stt.Core.Detection;
using Stt.Core.Inference;

namespace Stt.Core.Tests.Detection;

[Unit]
public sealed class SegmentFilterTests
{
    private static TranscriptSegment Segment(string text, float noSpeech = 0.01f, float logProb = -0.2f) =>
        new(TimeSpan.Zero, TimeSpan.FromSeconds(1), text, 0.8f, noSpeech, "en", [new TranscriptWord(text.Split(' ')[0], TimeSpan.Zero, TimeSpan.FromSeconds(1), 0.8f)], logProb);

    [Test]
    public void Apply_NoSpeechAndLowConfidence_DropsAndCounts()
    {
        var result = SegmentFilter.Default.Apply([Segment("Thank you for watching.", noSpeech: 0.9f, logProb: -1.4f), Segment("hello there")]);

        Assert.That(result.Kept.Select(s => s.Text), Is.EqualTo(new[] { "hello there" }));
        Assert.That(result.DroppedNoSpeech, Is.EqualTo(1));
        Assert.That(result.DroppedAnnotation, Is.Zero);
    }

    [TestCase(0.9f, -0.5f, TestName = "Apply_NoSpeechButConfident_Keeps")]
    [TestCase(0.3f, -2.5f, TestName = "Apply_UnsureButSpeech_Keeps")]
    public void Apply_OnlyOneSignal_Keeps(float noSpeech, float logProb)
    {
        var result = SegmentFilter.Default.Apply([Segment("quiet words", noSpeech, logProb)]);

        Assert.That(result.Kept, Has.Count.EqualTo(1));
        Assert.That(result.DroppedNoSpeech, Is.Zero);
    }

    [TestCase("[MUSIC]")]
    [TestCase("(upbeat music)")]
    [TestCase("♪ ♪")]
    [TestCase("*sighs*")]
    [TestCase(" [BLANK_AUDIO] ")]
    public void Apply_OnlyAnnotation_Drops(string text)
    {
        var result = SegmentFilter.Default.Apply([Segment(text)]);

        Assert.That(result.Kept, Is.Empty);
        Assert.That(result.DroppedAnnotation, Is.EqualTo(1));
    }

    [Test]
    public void Apply_AnnotationAroundWords_KeepsTheWords()
    {
        var result = SegmentFilter.Default.Apply([Segment("[music] ask not what your country ♪ can do")]);

        Assert.That(result.Kept.Single().Text, Is.EqualTo("ask not what your country can do"));
        Assert.That(result.DroppedAnnotation, Is.Zero);
    }

    [Test]
    public void Apply_DefencesOff_KeepsEverything()
    {
        var filter = new SegmentFilter(Options.Create(new InferenceOptions { NoSpeechThreshold = 1, DropAnnotations = false }));
        IReadOnlyList<TranscriptSegment> segments = [Segment("[MUSIC]"), Segment("Thank you.", noSpeech: 0.99f, logProb: -3f)];

        var result = filter.Apply(segments);

        Assert.That(result.Kept, Is.SameAs(segments));
    }
}
