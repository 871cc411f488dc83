using Stt.Server.OpenAi;

namespace Stt.Server.Tests.OpenAi;

[Unit]
public sealed class FinalDeltasTests
{
    [Test]
    public void Next_ThreeFinals_DeltasAfterTheFirstLeadWithASpace()
    {
        var deltas = new FinalDeltas();

        var sent = new[] { "And so,", "my fellow Americans,", "ask not" }.Select(deltas.Next).ToList();

        Assert.That(sent, Is.EqualTo(new[] { "And so,", " my fellow Americans,", " ask not" }));
    }

    [Test]
    public void Transcript_AfterFinals_IsTheDeltasPutTogether()
    {
        var deltas = new FinalDeltas();

        var sent = string.Concat(new[] { "one", "two", "three" }.Select(deltas.Next));

        Assert.That((deltas.Transcript, deltas.Count), Is.EqualTo(("one two three", 3)));
        Assert.That(sent, Is.EqualTo(deltas.Transcript));
    }

    [Test]
    public void Transcript_NoFinals_Empty()
    {
        var deltas = new FinalDeltas();

        Assert.That((deltas.Transcript, deltas.Count), Is.EqualTo((string.Empty, 0)));
    }
}
