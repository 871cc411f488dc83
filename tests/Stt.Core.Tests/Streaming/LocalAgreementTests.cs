using Stt.Core.Streaming;

namespace Stt.Core.Tests.Streaming;

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
}
