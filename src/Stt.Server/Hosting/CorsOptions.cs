namespace Stt.Server.Hosting;

/// <summary>Cross-origin callers. Bound from <c>Stt:Cors</c>.</summary>
public sealed record CorsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Cors";

    /// <summary>Origins allowed to call the API from a browser (e.g. <c>http://localhost:3000</c> for <c>next dev</c>). Default empty: same origin only.</summary>
    public string[] AllowedOrigins { get; init; } = [];
}
