using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Stt.Core.Diagnostics;

namespace Stt.Server.Hosting;

/// <summary>
/// Metrics and traces through OpenTelemetry: the service's <c>Stt</c> meter, ASP.NET Core's and the runtime's,
/// scraped by Prometheus at <c>/metrics</c>; spans for calls (ASP.NET Core) and inference passes (<c>Stt</c>),
/// exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The scrape path.</summary>
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddSpeechTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(SpeechMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(SpeechActivities.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter());
        }

        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint (text exposition format).</summary>
    public static IEndpointRouteBuilder MapSpeechMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        return endpoints;
    }
}
