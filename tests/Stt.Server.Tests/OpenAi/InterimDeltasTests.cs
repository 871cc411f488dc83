using Stt.Server.OpenAi.Realtime;

namespace Stt.Server.Tests.OpenAi;

[Unit]
public sealed class InterimDeltasTests
{
    [Test]
    public void Next_GrowingInterims_SendsOnlyTheNewWords()
    {
        var deltas = new InterimDeltas();

        var sent = new[] { "ask not", "ask not what", "ask not what your country" }.Select(deltas.Next).ToList();

        Assert.That(sent, Is.EqualTo(new[] { "ask not", " what", " your country" }));
        Assert.That(string.Concat(sent), Is.EqualTo("ask not what your country"));
    }

    [Test]
    public void Next_InterimRevisesSentWords_SendsNothingUntilTheSentTextIsExtendedAgain()
    {
        var deltas = new InterimDeltas();
        deltas.Next("ask not what");

        var revised = deltas.Next("ask knot what you");
        var same = deltas.Next("Ask not, what");
        var extended = deltas.Next("ask not what your");

        Assert.That((revised, same, extended), Is.EqualTo(((string?)null, (string?)null, " your")), "case and punctuation do not count as a revision");
    }

    [Test]
    public void Next_EmptyInterim_Nothing()
    {
        Assert.That(new InterimDeltas().Next(string.Empty), Is.Null);
    }
}
