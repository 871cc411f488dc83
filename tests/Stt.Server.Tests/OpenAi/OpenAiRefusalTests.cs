using Stt.Server.Hosting;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.OpenAi;

/// <summary>Refusals OpenAI clients know how to wait for: the caller's rate limit (429) and a draining server (503), each with retry-after.</summary>
[Integration]
public sealed class OpenAiRefusalTests
{
    [Test]
    public async Task ModelsList_OverTheCallersRate_RateLimitErrorWithRetryAfter()
    {
        await using var server = await SpeechServer.StartAsync(new Dictionary<string, string?> { ["Stt:Auth:RequestsPerMinutePerKey"] = "2" });

        for (var i = 0; i < 2; i++)
        {
            var allowed = await OpenAiSdk.RunAsync("models", server.WebAddress, "unused").WaitAsync(TestTimeouts.Long);
            Assert.That(allowed.TryGetProperty("result", out _), Is.True, allowed.ToString());
        }

        var refused = await OpenAiSdk.RunAsync("models", server.WebAddress, "unused").WaitAsync(TestTimeouts.Long);

        var (error, status, body) = OpenAiSdk.Failure(refused);
        Assert.That((error, status, body.GetProperty("code").GetString()), Is.EqualTo(("RateLimitError", 429, "rate_limit_exceeded")));
        Assert.That(int.Parse(refused.GetProperty("retryAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
    }

    [Test]
    public async Task ModelsList_ServerDraining_ServiceUnavailableWithRetryAfter()
    {
        await using var server = await SpeechServer.StartAsync();
        await server.Service<ServerDrain>().StoppingAsync(CancellationToken.None).WaitAsync(TestTimeouts.Long); // what SIGTERM starts

        var refused = await OpenAiSdk.RunAsync("models", server.WebAddress, "unused").WaitAsync(TestTimeouts.Long);

        var (error, status, body) = OpenAiSdk.Failure(refused);
        Assert.That((error, status, body.GetProperty("code").GetString()), Is.EqualTo(("InternalServerError", 503, "server_shutting_down")));
        Assert.That(refused.GetProperty("retryAfter").GetString(), Is.EqualTo("1"));
    }

    [Test]
    public async Task ModelsList_OpenAiApiSwitchedOff_NotFound()
    {
        await using var server = await SpeechServer.StartAsync(new Dictionary<string, string?> { ["Stt:OpenAi:Enabled"] = "false" });

        var reply = await OpenAiSdk.RunAsync("models", server.WebAddress, "unused").WaitAsync(TestTimeouts.Long);

        Assert.That(OpenAiSdk.Failure(reply).Status, Is.EqualTo(404));
    }
}
