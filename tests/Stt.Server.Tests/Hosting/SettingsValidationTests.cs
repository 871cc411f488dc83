using Microsoft.Extensions.Options;
using Stt.Core.Admission;
using Stt.Core.Streaming;

namespace Stt.Server.Tests.Hosting;

/// <summary>A section with bad settings stops the server with one line per bad key: the key, its value and what is allowed.</summary>
[Unit]
public sealed class SettingsValidationTests
{
    [Test]
    public void Bind_TwoBadStreamingKeys_NamesEachWithItsRange()
    {
        var error = Assert.Throws<OptionsValidationException>(() => BoundOptions.Of<StreamingOptions>(new()
        {
            ["Stt:Streaming:MaxUtterance"] = "00:01:00",
            ["Stt:Streaming:VadThreshold"] = "1.5",
        }));

        Assert.That(error!.Failures, Is.EquivalentTo(new[]
        {
            "Stt:Streaming:MaxUtterance is 00:01:00; it must be from 00:00:01 to 00:00:29",
            "Stt:Streaming:FileWindow is 00:00:28; it must be from MaxUtterance (00:01:00) to 00:00:29",
            "Stt:Streaming:VadThreshold is 1.5; it must be above 0 and below 1",
        }));
    }

    [Test]
    public void Bind_BadLifetimeAndAdmissionKeys_EachSectionNamesItsOwn()
    {
        var lifetime = Assert.Throws<OptionsValidationException>(() => BoundOptions.Of<StreamLifetimeOptions>(new() { ["Stt:Streams:MaxDuration"] = "-00:00:01" }));
        var admission = Assert.Throws<OptionsValidationException>(() => BoundOptions.Of<AdmissionOptions>(new() { ["Stt:Admission:TargetUtilization"] = "2" }));

        Assert.That(lifetime!.Failures, Is.EqualTo(new[] { "Stt:Streams:MaxDuration is -00:00:01; it must be longer than zero and at most 24.00:00:00" }));
        Assert.That(admission!.Failures, Is.EqualTo(new[] { "Stt:Admission:TargetUtilization is 2; it must be above 0 and at most 1" }));
    }

    [Test]
    public void With_OneStreamsTuning_LeavesTheSharedSettingsAsTheyWere()
    {
        var shared = BoundOptions.Of<StreamingOptions>([]);

        var tuned = shared with { VadThreshold = 0.7, EndOfUtteranceSilence = TimeSpan.FromMilliseconds(900) };

        Assert.That((shared.VadThreshold, shared.EndOfUtteranceSilence), Is.EqualTo((0.5, TimeSpan.FromMilliseconds(600))));
        Assert.That((tuned.VadThreshold, tuned.EndOfUtteranceSilence, tuned.PreRoll), Is.EqualTo((0.7, TimeSpan.FromMilliseconds(900), shared.PreRoll)));
    }
}
