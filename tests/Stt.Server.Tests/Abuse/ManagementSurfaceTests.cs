using System.Net;
using Microsoft.Extensions.Logging;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.Abuse;

/// <summary>
/// What an operator needs and a user must not see: metrics only on the management listener, which serves nothing of the
/// public API; no key handed to whoever loads the page.
/// </summary>
[Integration]
public sealed class ManagementSurfaceTests : ServerTests
{
    private readonly LogRecorder _logs = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Web:ApiKey"] = "a-key-the-page-once-served",
    };

    protected override ILoggerProvider Logs => _logs;

    [Test]
    public async Task Metrics_OnThePublicPort_NotFound()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(Server.WebAddress, "/metrics")).WaitAsync(TestTimeouts.Server);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Metrics_WithTheManagementPortInTheHostHeader_StillNotFound()
    {
        using var response = await HostRequests.GetAsync(Server.WebAddress, "/metrics", $"127.0.0.1:{Server.ManagementAddress.Port}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the listener is told by the connection, not by the Host header");
    }

    [Test]
    public async Task Metrics_OnTheManagementPort_Served()
    {
        using var http = new HttpClient();

        var text = await http.GetStringAsync(new Uri(Server.ManagementAddress, "/metrics")).WaitAsync(TestTimeouts.Server);

        Assert.That(text, Does.Contain("stt_"));
    }

    [Test]
    public async Task ManagementPort_PublicRoutes_NotFound()
    {
        using var http = new HttpClient();

        using var models = await http.GetAsync(new Uri(Server.ManagementAddress, "/v1/models")).WaitAsync(TestTimeouts.Server);
        using var health = await http.GetAsync(new Uri(Server.ManagementAddress, "/healthz")).WaitAsync(TestTimeouts.Server);

        Assert.That(models.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task PageConfig_WithTheOldPageKeySet_NotServedAndTheOperatorWarned()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(Server.WebAddress, "/page-config.json")).WaitAsync(TestTimeouts.Server);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("a-key-the-page-once-served"));
        Assert.That(_logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message), Has.Some.Contains("Stt:Web:ApiKey"));
    }
}
