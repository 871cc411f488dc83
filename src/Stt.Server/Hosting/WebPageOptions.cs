namespace Stt.Server.Hosting;

/// <summary>The browser front end and who may call from other origins. Bound from <c>Stt:Web</c> and <c>Stt:Cors</c>.</summary>
public sealed record WebPageOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Web";

    /// <summary>
    /// Folder of the built page (the Next.js static export). Default: <c>wwwroot</c> beside the server's binaries,
    /// where the build copies <c>clients/web/out</c>.
    /// </summary>
    public string? Root { get; init; }

}
