using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Stt.Server.Hosting;

/// <summary>
/// Standard grpc.health.v1, and the same over HTTP for probes that cannot speak gRPC. Two questions, as an orchestrator
/// asks them: ready (service "" and <see cref="ServiceName"/>, <see cref="ReadinessPath"/>): NOT_SERVING until the model
/// is loaded and warmed up and again from the moment the server drains; live (<see cref="LivenessServiceName"/>,
/// <see cref="LivenessPath"/>): SERVING whenever the process answers, also while the model loads and while it drains,
/// since restarting a draining server would cut its streams short.
/// </summary>
public static class ModelHealthExtensions
{
    /// <summary>The gRPC service name clients can ask about, beside the overall "" status.</summary>
    public const string ServiceName = "stt.v1.SpeechToText";

    /// <summary>The gRPC health service name for liveness probes.</summary>
    public const string LivenessServiceName = "liveness";

    /// <summary>Readiness over HTTP: 200 when ready, 503 otherwise.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>Liveness over HTTP: 200 while the process answers.</summary>
    public const string LivenessPath = "/healthz";

    private const string ReadyTag = "ready";
    private const string LiveTag = "live";

    /// <summary>Registers the model-ready and process checks and the gRPC health service.</summary>
    public static IServiceCollection AddModelHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ModelReadyHealthCheck>("model", tags: [ReadyTag])
            .AddCheck("process", () => HealthCheckResult.Healthy("the process answers"), tags: [LiveTag]);
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map(string.Empty, c => c.Tags.Contains(ReadyTag));
            o.Services.Map(ServiceName, c => c.Tags.Contains(ReadyTag));
            o.Services.Map(LivenessServiceName, c => c.Tags.Contains(LiveTag));
        });
        return services;
    }

    /// <summary>Maps grpc.health.v1.Health and the two HTTP probes.</summary>
    public static IEndpointRouteBuilder MapModelHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) });
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        return endpoints;
    }
}
