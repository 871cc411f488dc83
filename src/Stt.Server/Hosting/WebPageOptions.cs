namespace Stt.Server.Hosting;

/// <summary>The browser front end and who may call from other origins. Bound from <c>Stt:Web</c> and <c>Stt:Cors</c>.</summary>
public sealed class WebPageOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Web";

    /// <summary>
    /// Folder of the built page (the Next.js static export). Default: <c>wwwroot</c> beside the server's binaries,
    /// where the build copies <c>clients/web/out</c>.
    /// </summary>
    public string? Root { get; set; }

    /// <summary>
    /// An API key the page sends with every call (a key whose digest is in Stt:Auth:ApiKeys), served to it at
    /// <c>/page-config.json</c>. Anyone who can load the page can read it: set it only when the page's origin is
    /// protected (VPN, single sign-on proxy). Without it, users enter their own key on the page.
    /// </summary>
    public string? ApiKey { get; set; }
}
