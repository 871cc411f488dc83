using Microsoft.Extensions.Options;

namespace Stt.Server.Sessions;

/// <summary>Registers browser sessions: OpenSession and PushAudio, the registry of open sessions and <c>Stt:Sessions</c>.</summary>
internal static class BrowserSessionExtensions
{
    /// <summary>Adds the session registry (a hosted service that ends idle and abandoned sessions) and the calls that use it.</summary>
    public static IServiceCollection AddBrowserSessions(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>();
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section).ValidateOnStart();
        services.AddSingleton<SessionRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionRegistry>());
        services.AddSingleton<BrowserSessionCall>();
        return services;
    }
}
