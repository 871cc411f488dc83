using Stt.Core.Inference;

namespace Stt.Core.Tests.Inference;

[Unit]
public sealed class ReducedContextCheckTests
{
    private static readonly TimeSpan FourSeconds = TimeSpan.FromSeconds(4);

    private static Transcript Of(string text, double endSeconds, bool capped = false) =>
        new([new TranscriptSegment(TimeSpan.Zero, TimeSpan.FromSeconds(endSeconds), text, 0.9f, 0.01f, "en", [], -0.2f)], TimeSpan.FromMilliseconds(100), capped);

    [Test]
    public void LooksLikeALoop_OrdinarySpeechToTheEnd_No()
    {
        Assert.That(ReducedContextCheck.LooksLikeALoop(Of("and so my fellow Americans ask not", 3.8), FourSeconds), Is.False);
    }

    [Test]
    public void LooksLikeALoop_CappedPass_Yes()
    {
        Assert.That(ReducedContextCheck.LooksLikeALoop(Of("and so my fellow", 3.8, capped: true), FourSeconds), Is.True);
    }

    [Test]
    public void LooksLikeALoop_RepeatedPhrase_YesByItsCompressionRatio()
    {
        var looping = string.Join(' ', Enumerable.Repeat("thank you for watching", 12));

        Assert.That(ReducedContextCheck.CompressionRatio(looping), Is.GreaterThan(ReducedContextCheck.MaxCompressionRatio));
        Assert.That(ReducedContextCheck.LooksLikeALoop(Of(looping, 3.9), FourSeconds), Is.True);
    }

    [Test]
    public void LooksLikeALoop_StoppedLongBeforeTheEndOfItsAudio_Yes()
    {
        Assert.That(ReducedContextCheck.LooksLikeALoop(Of("and so", 1.0), FourSeconds), Is.True);
    }

    [Test]
    public void LooksLikeALoop_ShortAudio_CoverageNotJudged()
    {
        Assert.That(ReducedContextCheck.LooksLikeALoop(Of("and", 0.3), TimeSpan.FromSeconds(1.2)), Is.False);
    }
}
