namespace Stt.Server.Hosting;

/// <summary>Standard grpc.health.v1: NOT_SERVING until the model is loaded and warmed up.</summary>
public static class ModelHealthExtensions
{
    /// <summary>The gRPC service name clients can ask about, beside the overall "" status.</summary>
    public const string ServiceName = "stt.v1.SpeechToText";

    /// <summary>Registers the model-ready check and the gRPC health service.</summary>
    public static IServiceCollection AddModelHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ModelReadyHealthCheck>("model");
        services.AddGrpcHealthChecks(o => o.Services.Map(ServiceName, _ => true));
        return services;
    }

    /// <summary>Maps grpc.health.v1.Health.</summary>
    public static IEndpointRouteBuilder MapModelHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcHealthChecksService();
        return endpoints;
    }
}
