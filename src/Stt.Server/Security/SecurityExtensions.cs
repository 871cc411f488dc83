using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace Stt.Server.Security;

/// <summary>Registers API keys, per-caller limits, the gRPC call pipeline, and the warning for an open server without keys.</summary>
public static class SecurityExtensions
{
    public static IServiceCollection AddCallSecurity(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<CallerLimits>();
        services.AddSingleton<CallGuard>();
        services.AddSingleton<ExemptCalls>();
        services.AddSingleton<LogStep>();
        services.AddSingleton<RefusalStep>();
        services.AddSingleton<DrainStep>();
        services.AddSingleton<AuthenticationStep>();
        services.AddSingleton<RateLimitStep>();
        services.AddSingleton<StreamPlacesStep>();
        services.AddHostedService<OpenServerWarning>();
        return services;
    }

    /// <summary>
    /// The steps every gRPC call passes before its handler, outermost first: the access log, refusals to statuses, the
    /// drain, authentication, the rate limit, and a live stream's places.
    /// </summary>
    public static InterceptorCollection AddCallPipeline(this InterceptorCollection interceptors)
    {
        interceptors.Add<LogStep>();
        interceptors.Add<RefusalStep>();
        interceptors.Add<DrainStep>();
        interceptors.Add<AuthenticationStep>();
        interceptors.Add<RateLimitStep>();
        interceptors.Add<StreamPlacesStep>();
        return interceptors;
    }
}
