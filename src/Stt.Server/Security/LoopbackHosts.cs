using System.Net;
using Microsoft.AspNetCore.HostFiltering;

namespace Stt.Server.Security;

/// <summary>
/// When <c>AllowedHosts</c> is not configured, no API key is, and every listener is on loopback (a developer's machine),
/// only loopback host names are allowed: a page on another site cannot reach the open server through DNS rebinding
/// (its requests carry the attacker's host name). Anything else keeps ASP.NET Core's default (<c>*</c>); production
/// sets <c>AllowedHosts</c> to its own names (docs/operations.md).
/// </summary>
internal static class LoopbackHosts
{
    /// <summary>Host names a loopback install answers to.</summary>
    public static readonly string[] Names = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddLoopbackHostFiltering(this IServiceCollection services, IConfiguration configuration)
    {
        services.PostConfigure<HostFilteringOptions>(options =>
        {
            if (configuration["AllowedHosts"] is null && !HasApiKeys(configuration) && Listeners(configuration).All(IsLoopback))
            {
                options.AllowedHosts = Names;
            }
        });
        return services;
    }

    private static bool HasApiKeys(IConfiguration configuration) =>
        configuration.GetSection($"{AuthOptions.Section}:{nameof(AuthOptions.ApiKeys)}").GetChildren().Any()
        || !string.IsNullOrEmpty(configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.ApiKeysFile)}"]);

    /// <summary>Every URL the server is told to listen on (Kestrel endpoints and <c>urls</c>); none means Kestrel's loopback default.</summary>
    private static IEnumerable<string> Listeners(IConfiguration configuration) =>
        configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"])
            .Concat((configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .OfType<string>();

    /// <summary>True when <paramref name="url"/> names a loopback address or <c>localhost</c>; <c>*</c> and <c>+</c> are every address.</summary>
    public static bool IsLoopback(string url)
    {
        var host = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var name = uri.Host.Trim('[', ']');
        return name == "localhost" || (IPAddress.TryParse(name, out var ip) && IPAddress.IsLoopback(ip));
    }
}
