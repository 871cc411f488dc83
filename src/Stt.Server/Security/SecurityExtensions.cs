namespace Stt.Server.Security;

/// <summary>Registers API keys, per-caller limits, the call gate, and the warning for an open server without keys.</summary>
public static class SecurityExtensions
{
    public static IServiceCollection AddCallSecurity(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.ConcurrentStreamsPerKey >= 0 && o.RequestsPerMinutePerKey >= 0, "Stt:Auth limits must not be negative")
            .Validate(o => o.ApiKeysFile is null or { Length: 0 } || File.Exists(o.ApiKeysFile), "Stt:Auth:ApiKeysFile names a file that does not exist")
            .ValidateOnStart();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<CallerLimits>();
        services.AddSingleton<CallGuard>();
        services.AddSingleton<CallGate>();
        services.AddHostedService<OpenServerWarning>();
        return services;
    }
}
