using Microsoft.Extensions.Options;
using Stt.Core.Admission;
using Stt.Core.Inference;
using Stt.Core.Models;
using Stt.Core.Streaming;
using Stt.Server.Api;
using Stt.Server.OpenAi;
using Stt.Server.Security;

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
    public void Bind_BadInferenceApiAuthAndOpenAiKeys_EachSectionNamesEveryBadKey()
    {
        var inference = Assert.Throws<OptionsValidationException>(() =>
            BoundOptions.Of<InferenceOptions>(new() { ["Stt:Inference:Workers"] = "-1", ["Stt:Inference:BestOf"] = "0" }));
        var api = Assert.Throws<OptionsValidationException>(() => BoundOptions.Of<ApiOptions>(new() { ["Stt:Api:MaxFileBytes"] = "0" }));
        var auth = Assert.Throws<OptionsValidationException>(() => BoundOptions.Of<AuthOptions>(new() { ["Stt:Auth:ApiKeysFile"] = "/no/such/keys.txt" }));
        var openAi = Assert.Throws<OptionsValidationException>(() => BoundOptions.Of<OpenAiOptions>(new() { ["Stt:OpenAi:MaxPendingCommits"] = "0" }));

        Assert.That(inference!.Failures, Is.EquivalentTo(new[]
        {
            "Stt:Inference:Workers is -1; it must not be negative",
            "Stt:Inference:BestOf is 0; it must be 1 or more",
        }));
        Assert.That(api!.Failures, Is.EqualTo(new[] { "Stt:Api:MaxFileBytes is 0; it must be above zero" }));
        Assert.That(auth!.Failures, Is.EqualTo(new[] { "Stt:Auth:ApiKeysFile is /no/such/keys.txt; it must name a file that exists" }));
        Assert.That(openAi!.Failures, Is.EqualTo(new[] { "Stt:OpenAi:MaxPendingCommits is 0; it must be above zero" }));
    }

    [Test]
    public void With_OneStreamsTuning_LeavesTheSharedSettingsAsTheyWere()
    {
        var shared = BoundOptions.Of<StreamingOptions>([]);

        var tuned = shared with { VadThreshold = 0.7, EndOfUtteranceSilence = TimeSpan.FromMilliseconds(900) };

        Assert.That((shared.VadThreshold, shared.EndOfUtteranceSilence), Is.EqualTo((0.5, TimeSpan.FromMilliseconds(600))));
        Assert.That((tuned.VadThreshold, tuned.EndOfUtteranceSilence, tuned.PreRoll), Is.EqualTo((0.7, TimeSpan.FromMilliseconds(900), shared.PreRoll)));
    }

    [Test]
    public void Bind_AllowedModels_ABareNameOrASectionWithItsSettings()
    {
        var models = BoundOptions.Of<ModelsOptions>(new()
        {
            ["Stt:Models:Allowed:0"] = "synthetic-tiny",
            ["Stt:Models:Allowed:1:Name"] = "synthetic-tiny-q5_1",
            ["Stt:Models:Allowed:1:Languages:0"] = "en",
            ["Stt:Models:Allowed:1:ToleratesReducedContext"] = "true",
        });

        Assert.That(models.Allowed.Select(m => m.Name), Is.EqualTo(new[] { "synthetic-tiny", "synthetic-tiny-q5_1" }));
        Assert.That(models.Allowed[1].Languages, Is.EqualTo(new[] { "en" }));
        Assert.That(models.Allowed[1].ToleratesReducedContext, Is.True);
        Assert.That(models.Allowed[0].ToleratesReducedContext, Is.False);
    }

    [Test]
    public void Bind_BadAllowedModels_NamesEachEntryAndKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => BoundOptions.Of<ModelsOptions>(new()
        {
            ["Stt:Model"] = "synthetic",
            ["Stt:Models:Allowed:0"] = "synthetic",
            ["Stt:Models:Allowed:1"] = "no-such-model",
            ["Stt:Models:Allowed:2:Name"] = "synthetic-tiny",
            ["Stt:Models:Allowed:2:Languages:0"] = "klingon",
            ["Stt:Models:IdleUnloadAfter"] = "00:00:00",
        }));

        Assert.That(error!.Failures, Is.EquivalentTo(new[]
        {
            "Stt:Models:IdleUnloadAfter is 00:00:00; it must be 00:00:01 or more",
            "Stt:Models:Allowed:0:Name is synthetic; it must differ from Stt:Model and from every other allowed model",
            "Stt:Models:Allowed:1:Name is no-such-model; it must be a known model, a synthetic model or an existing ggml file",
            "Stt:Models:Allowed:2:Languages is klingon; it must be an ISO 639-1 code Whisper knows, or 'auto'",
        }));
    }
}
