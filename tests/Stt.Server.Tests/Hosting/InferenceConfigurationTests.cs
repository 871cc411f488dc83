using Stt.Core.Inference;

namespace Stt.Server.Tests.Hosting;

/// <summary>How <c>Stt:Inference:MaxQueuedPasses</c> is bound, and that its old name still sets it.</summary>
[Unit]
public sealed class InferenceConfigurationTests
{
    private static InferenceOptions Bind(Dictionary<string, string?> settings) => BoundOptions.Of<InferenceOptions>(settings);

    [Test]
    public void Bind_Nothing_Defaults() => Assert.That(Bind([]).MaxQueuedPasses, Is.EqualTo(256));

    [Test]
    public void Bind_NewKey_Sets() =>
        Assert.That(Bind(new() { ["Stt:Inference:MaxQueuedPasses"] = "32" }).MaxQueuedPasses, Is.EqualTo(32));

    [Test]
    public void Bind_OldKey_StillSets() =>
        Assert.That(Bind(new() { ["Stt:Inference:MaxQueuedJobs"] = "16" }).MaxQueuedPasses, Is.EqualTo(16));

    [Test]
    public void Bind_BothKeys_NewKeyWins() =>
        Assert.That(Bind(new() { ["Stt:Inference:MaxQueuedJobs"] = "16", ["Stt:Inference:MaxQueuedPasses"] = "32" }).MaxQueuedPasses, Is.EqualTo(32));
}
