using System.Net;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Stt.Server.Tests.Deploy;

/// <summary>
/// The health services the Deployment's probes ask about (read from deploy/kubernetes), on the real server process,
/// through a drain: readiness turns NOT_SERVING, so a kubelet takes the pod out of the endpoints; liveness stays
/// SERVING, so it does not restart a pod whose streams are getting their finals. The HTTP probes for proxies that
/// cannot speak gRPC (HAProxy, a container health check) say the same.
/// </summary>
[Deployment]
public sealed class ProbeTests
{
    [Test]
    public async Task Sigterm_WithAStreamOpen_ReadinessTurnsNotServingLivenessStaysServing()
    {
        var manifests = KubernetesManifests.Load();
        var readiness = manifests.Server.ReadinessProbe.Grpc.Service ?? string.Empty;
        var liveness = manifests.Server.LivenessProbe.Grpc.Service ?? string.Empty;
        using var server = ServerProcess.StartWithTestModel(new Dictionary<string, string> { ["Stt__Shutdown__DrainTimeout"] = "00:00:10" });
        await server.WaitUntilListeningAsync(TestTimeouts.Server);
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        using var http = new HttpClient { BaseAddress = server.WebAddress, Timeout = TimeSpan.FromSeconds(10) };
        var health = new Health.HealthClient(channel);
        await Eventually.TrueAsync(async _ => await StatusAsync(health, readiness) == ServingStatus.Serving, TestTimeouts.Server);
        var before = (Live: await StatusAsync(health, liveness), ReadyHttp: await CodeAsync(http, "/readyz"), LiveHttp: await CodeAsync(http, "/healthz"));

        // A live stream keeps the drain going while the probes are asked.
        using var stream = new SpeechToText.SpeechToTextClient(channel).StreamingTranscribe();
        await stream.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig() });
        await Eventually.TrueAsync(async cancellationToken => (await new SpeechToText.SpeechToTextClient(channel).GetServerInfoAsync(new GetServerInfoRequest(), cancellationToken: cancellationToken)).Load.ActiveStreams == 1, TestTimeouts.Server);
        var metrics = await http.GetStringAsync(new Uri(server.ManagementAddress, "/metrics"));
        await server.SignalAsync("TERM");
        await Eventually.TrueAsync(async _ => await StatusAsync(health, readiness) == ServingStatus.NotServing, TestTimeouts.Server);
        var during = (Live: await StatusAsync(health, liveness), ReadyHttp: await CodeAsync(http, "/readyz"), LiveHttp: await CodeAsync(http, "/healthz"));
        await stream.RequestStream.CompleteAsync();
        var exit = await server.WaitForExitAsync(TestTimeouts.Server);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo((ServingStatus.Serving, HttpStatusCode.OK, HttpStatusCode.OK)));
            Assert.That(metrics, Does.Contain("stt_streams_active{otel_scope_name=\"Stt\"} 1"), "the metric the autoscaler scales on");
            Assert.That(during, Is.EqualTo((ServingStatus.Serving, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK)), "draining: not ready, alive");
            Assert.That(exit, Is.Zero);
        });
    }

    private static async Task<ServingStatus> StatusAsync(Health.HealthClient health, string service) =>
        (await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(5))).Status;

    private static async Task<HttpStatusCode> CodeAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }
}
