using Stt.Abuse.Report.Calls;

namespace Stt.Abuse.Report.Attacks;

/// <summary>9. What the public port must not serve (metrics, a page key), what the management port must, and a rebinding host name.</summary>
internal static class ManagementSurface
{
    public static Attack Create() => new("Management surface: metrics and page config on the public port, a foreign Host header", [
        new AttackCase("GET /page-config.json and /metrics on the web port, /metrics on the management port, Host: attacker.example", RunAsync),
    ]);

    private static async Task RunAsync(AttackContext context)
    {
        var target = context.Target;
        await Uploads.SendAsync(context, "GET web /page-config.json", target.Http, new HttpRequestMessage(HttpMethod.Get, "/page-config.json"), [404]);
        await Uploads.SendAsync(context, "GET web /metrics", target.Http, new HttpRequestMessage(HttpMethod.Get, "/metrics"), [404]);
        var metrics = await Uploads.SendAsync(context, "GET management /metrics", target.Management, new HttpRequestMessage(HttpMethod.Get, "/metrics"), [200], quiet: true);
        var rebinding = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        rebinding.Headers.Host = $"attacker.example:{target.WebAddress.Port}";
        await Uploads.SendAsync(context, "GET web /v1/models, Host: attacker.example", target.Http, rebinding, [400], quiet: true);
        context.Answers.Check("the management port's /metrics holds the service's metrics", metrics?.Contains("stt_", StringComparison.Ordinal) == true);
    }
}
