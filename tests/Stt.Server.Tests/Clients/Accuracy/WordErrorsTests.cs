using Stt.Cli.Accuracy;

namespace Stt.Server.Tests.Clients.Accuracy;

[Unit]
public sealed class WordErrorsTests
{
    private static readonly object[] KnownPairs =
    [
        // reference, hypothesis, substitutions, deletions, insertions
        new object[] { "the cat sat on the mat", "the cat sat on the mat", 0, 0, 0 },
        new object[] { "the cat sat on the mat", "the cat sit on the mat", 1, 0, 0 },
        new object[] { "the cat sat on the mat", "the cat on the mat", 0, 1, 0 },
        new object[] { "the cat sat on the mat", "the big cat sat on the mat", 0, 0, 1 },
        new object[] { "a b c d", "", 0, 4, 0 },
        new object[] { "a b", "x y z", 2, 0, 1 },
        new object[] { "hello world", "world hello", 2, 0, 0 },
        new object[] { "one two three four five", "one three four five six", 0, 1, 1 },
    ];

    [TestCaseSource(nameof(KnownPairs))]
    public void Align_KnownPair_CountsEachKindOfError(string reference, string hypothesis, int substitutions, int deletions, int insertions)
    {
        var errors = WordErrors.Between(reference, hypothesis);

        Assert.That(errors, Is.EqualTo(new WordErrors(substitutions, deletions, insertions, reference.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length)));
    }

    [Test]
    public void Rate_IsErrorsPerReferenceWord()
    {
        Assert.That(WordErrors.Between("the cat sat on the mat", "the cat sit on mat").Rate, Is.EqualTo(2.0 / 6).Within(1e-12));
    }

    [Test]
    public void Rate_CanExceedOne_WhenTheHypothesisInsertsMoreThanTheReferenceHas()
    {
        Assert.That(WordErrors.Between("yes", "no no no").Rate, Is.EqualTo(3.0));
    }

    [Test]
    public void Rate_EmptyReference_IsZeroForSilenceAndOneForAnyWords()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WordErrors.Between(string.Empty, string.Empty).Rate, Is.Zero);
            Assert.That(WordErrors.Between(string.Empty, "hello").Rate, Is.EqualTo(1));
        });
    }

    [Test]
    public void Between_StyleDifferencesOnly_AreNotErrors()
    {
        const string reference = "AND SO MY FELLOW AMERICANS ASK NOT WHAT YOUR COUNTRY CAN DO FOR YOU";
        const string hypothesis = "And so, my fellow Americans: ask not what your country can do for you.";

        Assert.That(WordErrors.Between(reference, hypothesis).Errors, Is.Zero);
    }

    [Test]
    public void Sum_AddsCountsSoCorpusRateWeighsByLength()
    {
        var total = WordErrors.Between("a b c d e f g h i j", "a b c d e f g h i j") + WordErrors.Between("k", "x");

        Assert.That(total.Rate, Is.EqualTo(1.0 / 11).Within(1e-12));
    }
}
