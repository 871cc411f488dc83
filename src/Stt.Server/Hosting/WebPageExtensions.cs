using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Stt.Server.Hosting;

/// <summary>Serves the browser front end at <c>/</c>, with caching suited to a static export.</summary>
public static partial class WebPageExtensions
{
    /// <summary>
    /// A key the server once served to anyone who loaded the page. It is read only to warn: a key for the page is given by
    /// a proxy in front of it, or entered by the user (docs/web.md).
    /// </summary>
    private const string RemovedApiKeySetting = "Stt:Web:ApiKey";

    /// <summary>Binds <see cref="WebPageOptions"/>.</summary>
    public static IServiceCollection AddWebPage(this IServiceCollection services)
    {
        services.AddOptions<WebPageOptions>().BindConfiguration(WebPageOptions.Section);
        return services;
    }

    /// <summary>Static files from the page folder; a short explanation at <c>/</c> when the page has not been built.</summary>
    public static WebApplication UseWebPage(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WebPageOptions>>().Value;
        if (!string.IsNullOrEmpty(app.Configuration[RemovedApiKeySetting]))
        {
            LogPageKeyNotServed(app.Logger, RemovedApiKeySetting);
        }

        var root = FindRoot(options, app.Environment);
        if (root is null)
        {
            app.MapGet("/", () => Results.Text(
                "The web page has not been built. Build it with `npm ci && npm run build` in clients/web "
                + "(dotnet build does this when npm is installed), or set Stt:Web:Root to the folder of a built page.\n"));
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                // Hashed bundles never change; pages must be revalidated so a new build is picked up.
                var immutable = context.Context.Request.Path.StartsWithSegments("/_next/static");
                context.Context.Response.Headers[HeaderNames.CacheControl] = immutable ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
        return app;
    }

    private static string? FindRoot(WebPageOptions options, IWebHostEnvironment environment)
    {
        string?[] candidates =
        [
            options.Root is { Length: > 0 } configured ? Path.GetFullPath(configured, environment.ContentRootPath) : null,
            Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            Path.Combine(environment.ContentRootPath, "wwwroot"),
        ];
        return candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, "index.html")));
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Warning,
        Message = "{Setting} is set but no longer served: anyone who could load the page could read it. Let a proxy in front of the page add the key, or let users enter theirs (docs/web.md).")]
    private static partial void LogPageKeyNotServed(ILogger logger, string setting);
}
