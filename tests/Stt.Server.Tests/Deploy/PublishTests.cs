using System.Net;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.Deploy;

/// <summary>`dotnet publish src/Stt.Server -c Release -o out`: what a container or a server gets, started from its folder.</summary>
[Deployment]
public sealed class PublishTests
{
    [Test]
    public async Task Publish_Release_ServesThePageAtRootAndCarriesTheSpeechDetector()
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.Root, "clients", "web", "out", "index.html")))
        {
            Assert.Ignore("the web page is not built (npm is missing?): there is no page for publish to carry");
        }

        var server = Path.Combine(await PublishedApp.GetAsync(), "server");
        using var process = ServerProcess.StartWithTestModel(folder: server);
        await process.WaitUntilListeningAsync(TestTimeouts.Server);
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress);
        var health = new Health.HealthClient(channel);
        await process.WaitUntilServingAsync(health, TestTimeouts.Server);

        using var http = new HttpClient { BaseAddress = process.WebAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var page = await http.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Not.Contain("has not been built"));
            Assert.That(File.Exists(Path.Combine(server, "wwwroot", "index.html")), Is.True);
            Assert.That(Directory.GetFiles(Path.Combine(server, "models", "vad"), "*.bin"), Is.Not.Empty, "the bundled Silero model");
            Assert.That(process.Output, Does.Contain($"Silero (model {Path.Combine(server, "models", "vad")}"), "and the server loaded it from there");
        });
    }
}
