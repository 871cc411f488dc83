using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Stt.Client;
using Stt.Core.Security;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Security;

/// <summary>A server configured with API keys, one as a digest in the settings and one in a key file.</summary>
[Integration]
public sealed class ApiKeyTests : ServerTests
{
    private static readonly string Key = ApiKeys.NewKey();
    private static readonly string FileKey = ApiKeys.NewKey();
    private static readonly string KeysFile = WriteKeysFile();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Auth:ApiKeys:0"] = ApiKeys.Digest(Key),
        ["Stt:Auth:ApiKeysFile"] = KeysFile,
    };

    private static string WriteKeysFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stt-keys-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, ["# the operations team's key", string.Empty, ApiKeys.Digest(FileKey).ToUpperInvariant().Replace("SHA256:", "sha256:")]);
        return path;
    }

    private static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };

    [Test]
    public void GetServerInfo_NoKey_Unauthenticated()
    {
        var error = Assert.Throws<RpcException>(() => Server.Client.GetServerInfo(new GetServerInfoRequest()));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(error.Status.Detail, Does.Contain("API key"));
    }

    [Test]
    public void GetServerInfo_WrongKey_TheSameAnswerAsNoKey()
    {
        var wrong = Assert.Throws<RpcException>(() => Server.Client.GetServerInfo(new GetServerInfoRequest(), Bearer(ApiKeys.NewKey())));
        var missing = Assert.Throws<RpcException>(() => Server.Client.GetServerInfo(new GetServerInfoRequest()));

        Assert.That((wrong!.StatusCode, wrong.Status.Detail), Is.EqualTo((missing!.StatusCode, missing.Status.Detail)), "nothing says which it was");
    }

    [Test]
    public void GetServerInfo_KeyFromSettingsOrFile_Accepted()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Server.Client.GetServerInfo(new GetServerInfoRequest(), Bearer(Key)).Model.Name, Is.Not.Empty);
            Assert.That(Server.Client.GetServerInfo(new GetServerInfoRequest(), Bearer(FileKey)).Model.Name, Is.Not.Empty);
        });
    }

    [Test]
    public async Task StreamingTranscribe_WithKey_Transcribes()
    {
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 3)]);
        var withKey = new SpeechToText.SpeechToTextClient(Server.Channel().Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {Key}");
            return metadata;
        }));

        var run = await StreamRun.OpusAsync(withKey, packets, StreamRun.OpusConfig(interims: false), Pacing.AsFastAsPossible, packetsPerMessage: 10);

        Assert.That(run.Summary, Is.Not.Null);
    }

    [Test]
    public async Task StreamingTranscribe_NoKey_UnauthenticatedBeforeAnyAudio()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await StreamRun.OpusAsync(Server.Client, [], StreamRun.OpusConfig(), Pacing.AsFastAsPossible));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
    }

    [Test]
    public void GrpcWeb_KeyInHeader_AcceptedAndWithoutItRefused()
    {
        var web = new SpeechToText.SpeechToTextClient(Server.WebChannel());

        Assert.Multiple(() =>
        {
            Assert.That(web.GetServerInfo(new GetServerInfoRequest(), Bearer(Key)).Model.Name, Is.Not.Empty);
            Assert.That(() => web.GetServerInfo(new GetServerInfoRequest()), Throws.TypeOf<RpcException>().With.Property(nameof(RpcException.StatusCode)).EqualTo(StatusCode.Unauthenticated));
        });
    }

    [Test]
    public async Task Health_NoKey_AnswersByDefault()
    {
        var reply = await new Health.HealthClient(Server.Channel()).CheckAsync(new HealthCheckRequest());

        Assert.That(reply.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
    }
}

/// <summary>With AnonymousHealth off, health needs a key too.</summary>
[Integration]
public sealed class ApiKeyHealthTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Auth:ApiKeys:0"] = ApiKeys.Digest(ApiKeys.NewKey()),
        ["Stt:Auth:AnonymousHealth"] = "false",
    };

    [Test]
    public void Health_NoKey_Unauthenticated()
    {
        var error = Assert.Throws<RpcException>(() => new Health.HealthClient(Server.Channel()).Check(new HealthCheckRequest()));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
    }
}
