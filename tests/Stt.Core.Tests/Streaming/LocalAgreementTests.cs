using Stt.Core.Streaming;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class LocalAgreementTests
{
    [Test]
    public void Update_FirstHypothesis_NothingIsStable()
    {
        var agreement = new LocalAgreement();

        var (stable, full) = agreement.Update("and so my");

        Assert.That(stable, Is.Empty);
        Assert.That(full, Is.EqualTo("and so my"));
    }

    [Test]
    public void Update_TwoPassesAgreeOnAPrefix_ThatPrefixIsStable()
    {
        var agreement = new LocalAgreement();
        agreement.Update("and so my fellow");

        var (stable, full) = agreement.Update("And so, my fellow Americans ask");

        Assert.That(stable, Is.EqualTo("And so, my fellow"), "case and punctuation do not break agreement");
        Assert.That(full, Is.EqualTo("And so, my fellow Americans ask"));
    }

    [Test]
    public void Update_LaterPassDisagreesWithCommittedWords_StableTextDoesNotShrink()
    {
        var agreement = new LocalAgreement();
        agreement.Update("ask not what");
        agreement.Update("ask not what your");

        var (stable, full) = agreement.Update("asked not what your country");

        Assert.That(stable, Is.EqualTo("ask not what"));
        Assert.That(full, Is.EqualTo("ask not what your country"));
    }

    [Test]
    public void Update_AgreementGrows_CommitsMore()
    {
        var agreement = new LocalAgreement();
        agreement.Update("a b");
        agreement.Update("a b c");
        agreement.Update("a b c d");

        Assert.That(agreement.Committed, Is.EqualTo(new[] { "a", "b", "c" }));
    }

    // Scripted hypotheses that stress the boundary between committed words and the rest.
    [Test]
    public void Update_LastWordCutByTheWindowEdge_IsNotCommittedUntilItIsWhole()
    {
        var agreement = new LocalAgreement();
        agreement.Update("and so my fel");
        agreement.Update("and so my fellow Amer");

        var (stable, full) = agreement.Update("and so my fellow Americans");

        Assert.That(stable, Is.EqualTo("and so my fellow"), "a fragment never agrees with the whole word");
        Assert.That(full, Is.EqualTo("and so my fellow Americans"));
    }

    [Test]
    public void Update_PassMergesTwoCommittedWords_NoFollowingWordIsLost()
    {
        var agreement = new LocalAgreement();
        agreement.Update("ask not what");
        agreement.Update("ask not what your");

        var (_, full) = agreement.Update("asknot what your country can");

        Assert.That(full, Is.EqualTo("ask not what your country can"));
    }

    [Test]
    public void Update_PassSplitsACommittedWord_NoWordIsRepeated()
    {
        var agreement = new LocalAgreement();
        agreement.Update("into the breach once");
        agreement.Update("into the breach once more");

        var (_, full) = agreement.Update("in to the breach once more dear friends");

        Assert.That(full, Is.EqualTo("into the breach once more dear friends"));
    }

    [Test]
    public void Update_HypothesisShorterThanTheCommittedWords_KeepsThemAll()
    {
        var agreement = new LocalAgreement();
        agreement.Update("one two three four");
        agreement.Update("one two three four five");

        var (stable, full) = agreement.Update("one two");

        Assert.That(stable, Is.EqualTo("one two three four"));
        Assert.That(full, Is.EqualTo("one two three four"));
    }

    [Test]
    public void Update_EmptyHypothesis_KeepsTheCommittedWords()
    {
        var agreement = new LocalAgreement();
        agreement.Update("good morning");
        agreement.Update("good morning everyone");

        var (stable, full) = agreement.Update(string.Empty);

        Assert.That((stable, full), Is.EqualTo(("good morning", "good morning")));
    }

    [Test]
    public void Update_RepeatedWords_CommitOnlyWhatTwoPassesAgreeOn()
    {
        var agreement = new LocalAgreement();
        agreement.Update("no no no");
        var (stable, _) = agreement.Update("no no");

        Assert.That(stable, Is.EqualTo("no no"));
        Assert.That(agreement.Update("no no no no").Full, Is.EqualTo("no no no no"));
    }

    [Test]
    public void Update_ManyGrowingPasses_CommittedWordsOnlyEverGrowAndPrefixTheText()
    {
        var agreement = new LocalAgreement();
        var random = new Random(5);
        var truth = Enumerable.Range(0, 60).Select(i => $"word{i}").ToArray();
        var committed = 0;
        for (var heard = 3; heard <= truth.Length; heard += 3)
        {
            // Each pass hears the words so far, with the last word often cut and an early word sometimes misheard.
            var words = truth[..heard].ToArray();
            if (random.Next(3) == 0)
            {
                words[^1] = words[^1][..3];
            }

            if (random.Next(4) == 0)
            {
                words[random.Next(words.Length)] = "uh";
            }

            var (stable, full) = agreement.Update(string.Join(' ', words));

            Assert.That(agreement.Committed, Has.Count.GreaterThanOrEqualTo(committed));
            Assert.That(full, Does.StartWith(stable));
            committed = agreement.Committed.Count;
        }

        Assert.That(committed, Is.GreaterThan(30), "agreement keeps up with the speech");
    }

    [Test]
    public void Preview_BetweenTwoAgreeingPasses_CommitsNothingAndDoesNotCountAsAPass()
    {
        var agreement = new LocalAgreement();
        agreement.Update("ask not what");

        var (stable, full) = agreement.Preview("ask not what your");
        var afterwards = agreement.Update("ask not what your country");

        Assert.That(stable, Is.Empty, "a provisional pass confirms nothing");
        Assert.That(full, Is.EqualTo("ask not what your"));
        Assert.That(afterwards.Stable, Is.EqualTo("ask not what"), "the preview did not replace the previous full-context pass");
    }

    [Test]
    public void Preview_AfterCommittedWords_ShowsThemThenItsOwnContinuation()
    {
        var agreement = new LocalAgreement();
        agreement.Update("ask not what");
        agreement.Update("ask not what your");

        var (stable, full) = agreement.Preview("ask not what you can");

        Assert.That(stable, Is.EqualTo("ask not what"));
        Assert.That(full, Is.EqualTo("ask not what you can"));
    }
}
