using System.Net;
using Stt.Server.Tests.Support;

namespace Stt.Server.Tests.Hosting;

/// <summary>The built page at /, with caching headers, and CORS as an allow-list.</summary>
[Integration]
public sealed class WebPageTests : ServerTests
{
    private static readonly string Root = CreatePage();
    private HttpClient _http = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Web:Root"] = Root,
        ["Stt:Cors:AllowedOrigins:0"] = "http://localhost:3000",
    };

    [SetUp]
    public void CreateClient() => _http = new HttpClient { BaseAddress = Server.WebAddress, Timeout = TimeSpan.FromSeconds(10) };

    [TearDown]
    public void DisposeClient() => _http.Dispose();

    [Test]
    public async Task Get_Root_ServesIndexRevalidated()
    {
        using var response = await _http.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<title>test page</title>"));
        Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
    }

    [Test]
    public async Task Get_HashedBundle_IsImmutable()
    {
        using var response = await _http.GetAsync("/_next/static/chunks/app-1234.js");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.ToString(), Does.Contain("immutable"));
    }

    [Test]
    public async Task Preflight_AllowedOrigin_GetsGrpcWebHeadersExposed()
    {
        using var request = Preflight("http://localhost:3000");

        using var response = await _http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "http://localhost:3000" }));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Headers").Single(), Does.Contain("x-grpc-web").IgnoreCase);
    }

    [Test]
    public async Task Preflight_OtherOrigin_IsNotAllowed()
    {
        using var request = Preflight("http://evil.example");

        using var response = await _http.SendAsync(request);

        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/stt.v1.SpeechToText/GetServerInfo");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-grpc-web,x-user-agent");
        return request;
    }

    private static string CreatePage()
    {
        var root = Path.Combine(Path.GetTempPath(), $"stt-page-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "_next", "static", "chunks"));
        File.WriteAllText(Path.Combine(root, "index.html"), "<!doctype html><title>test page</title>");
        File.WriteAllText(Path.Combine(root, "_next", "static", "chunks", "app-1234.js"), "console.log(1)");
        return root;
    }
}
