using Microsoft.AspNetCore.Connections.Features;

namespace Stt.Server.Hosting;

/// <summary>
/// What an operator needs and a user must not see (the Prometheus scrape, <see cref="TelemetryExtensions.MetricsPath"/>)
/// is served on the management listener alone, the Kestrel endpoint named <c>Management</c>
/// (<c>Kestrel:Endpoints:Management:Url</c>, <c>http://127.0.0.1:9464</c> by default). The listener is known by the
/// connection, not by the Host header a client chooses. Without that endpoint the metrics are not served at all.
/// The management listener serves the health checks too, and nothing of the public API.
/// </summary>
public static class ManagementListener
{
    /// <summary>The Kestrel endpoint's name in configuration.</summary>
    public const string EndpointName = "Management";

    private static readonly object ConnectionMark = new();
    private static readonly PathString[] ManagementPaths = [TelemetryExtensions.MetricsPath];
    private static readonly PathString[] SharedPaths = ["/healthz", "/readyz"];

    /// <summary>Marks the connections of the <c>Management</c> endpoint, if configured.</summary>
    public static WebApplicationBuilder AddManagementListener(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, options) => options
            .Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: true)
            .Endpoint(EndpointName, endpoint => endpoint.ListenOptions.Use(next => connection =>
            {
                connection.Items[ConnectionMark] = ConnectionMark;
                return next(connection);
            })));
        return builder;
    }

    /// <summary>Answers 404 to management paths on the public listeners and to everything else on the management one.</summary>
    public static WebApplication UseManagementListener(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            var management = context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionMark) == true;
            var allowed = management
                ? ManagementPaths.Contains(path) || SharedPaths.Contains(path)
                : !ManagementPaths.Contains(path);
            if (allowed)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }
}
