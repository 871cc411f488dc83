using Grpc.Health.V1;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>Server info and health, over HTTP/2 gRPC and over HTTP/1.1 gRPC-Web.</summary>
[Integration]
public sealed class ServerInfoTests : ServerTests
{
    [Test]
    public async Task GetServerInfo_OverGrpc_DescribesModelEncodingsAndLimits()
    {
        var info = await Server.Client.GetServerInfoAsync(new GetServerInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10));

        Assert.That(info.Model.Name, Is.EqualTo(TestModels.ServerModel));
        Assert.That(info.Model.Synthetic, Is.True);
        Assert.That(info.Model.AudioState, Is.GreaterThan(0));
        Assert.That(info.Languages, Does.Contain("auto").And.Contain("en"));
        Assert.That(info.Encodings.Single(e => e.Encoding == AudioEncoding.Opus).SampleRatesHertz, Is.EqualTo(new[] { 8000, 12000, 16000, 24000, 48000 }));
        Assert.That(info.Limits.MaxFileBytes, Is.EqualTo(25_000_000));
        Assert.That(info.Version, Is.Not.Empty);
    }

    [Test]
    public async Task GetServerInfo_OverGrpcWebHttp1_Works()
    {
        var client = new SpeechToText.SpeechToTextClient(Server.WebChannel());

        var info = await client.GetServerInfoAsync(new GetServerInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10));

        Assert.That(info.Model.Name, Is.EqualTo(TestModels.ServerModel));
    }

    [TestCase("")]
    [TestCase("stt.v1.SpeechToText")]
    public async Task HealthCheck_ModelLoaded_IsServing(string service)
    {
        var health = new Health.HealthClient(Server.Channel());

        var reply = await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(10));

        Assert.That(reply.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
    }
}
