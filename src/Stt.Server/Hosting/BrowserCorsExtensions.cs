using Microsoft.Extensions.Options;

namespace Stt.Server.Hosting;

/// <summary>CORS for pages served from another origin: an allow-list, exposing the headers gRPC-Web and OpenAI clients read.</summary>
public static class BrowserCorsExtensions
{
    private const string Policy = "browser";

    /// <summary>Registers the policy from <c>Stt:Cors:AllowedOrigins</c>.</summary>
    public static IServiceCollection AddBrowserCors(this IServiceCollection services)
    {
        services.AddOptions<CorsOptions>().BindConfiguration(CorsOptions.Section);
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<CorsOptions>>((cors, allowed) => cors.AddPolicy(Policy, policy => policy
                .WithOrigins(allowed.Value.AllowedOrigins)
                .AllowAnyHeader()
                .WithMethods("POST", "GET", "OPTIONS")
                .WithExposedHeaders("Grpc-Status", "Grpc-Message", "Grpc-Encoding", "Grpc-Accept-Encoding", "Grpc-Status-Details-Bin", "Retry-After")));
        return services;
    }

    /// <summary>Applies the policy; with no origins configured only same-origin calls work.</summary>
    public static WebApplication UseBrowserCors(this WebApplication app)
    {
        app.UseCors(Policy);
        return app;
    }
}
