using Microsoft.Extensions.Options;
using Stt.Core.Security;
using Stt.Server.Security;

namespace Stt.Server.Tests.Security;

[Unit]
public sealed class ApiKeyRingTests
{
    private static ApiKeyRing Ring(params string[] digests) => new(Options.Create(new AuthOptions { ApiKeys = [.. digests] }));

    [Test]
    public void Digest_IsSha256HexOfTheKey()
    {
        // printf %s 'stt_test' | sha256sum
        Assert.That(ApiKeys.Digest("stt_test"), Is.EqualTo("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("stt_test"u8))));
        Assert.That(ApiKeys.IsDigest(ApiKeys.Digest("x")), Is.True);
    }

    [Test]
    public void NewKey_IsRandomAndUrlSafe()
    {
        var (a, b) = (ApiKeys.NewKey(), ApiKeys.NewKey());

        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(a, Does.Match("^stt_[A-Za-z0-9_-]{43}$"));
    }

    [Test]
    public void Identify_ConfiguredKey_ReturnsAShortIdThatIsNotTheKey()
    {
        var key = ApiKeys.NewKey();
        var ring = Ring(ApiKeys.Digest(key));

        var id = ring.Identify($"Bearer {key}");

        Assert.That(id, Is.EqualTo(ApiKeys.Digest(key)[7..19]));
        Assert.That(key, Does.Not.Contain(id!));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("Bearer ")]
    [TestCase("Bearer stt_wrong")]
    [TestCase("Basic dXNlcjpwYXNz")]
    public void Identify_MissingOrWrong_Null(string? header) => Assert.That(Ring(ApiKeys.Digest("stt_right")).Identify(header), Is.Null);

    [Test]
    public void Identify_SchemeIsCaseInsensitive() =>
        Assert.That(Ring(ApiKeys.Digest("stt_k")).Identify("bearer stt_k"), Is.Not.Null);

    [Test]
    public void Create_EntryThatIsNotADigest_FailsWithoutEchoingIt()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Ring("stt_a_key_pasted_by_mistake"));

        Assert.That(error!.Message, Does.Contain("sha256:").And.Not.Contain("pasted_by_mistake"));
    }

    [Test]
    public void Enabled_OnlyWithKeys()
    {
        Assert.That(Ring().Enabled, Is.False);
        Assert.That(Ring(ApiKeys.Digest("k")).Enabled, Is.True);
    }
}
