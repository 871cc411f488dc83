using Microsoft.Extensions.Options;
using Stt.Core.Streaming;

namespace Stt.Server.Hosting;

/// <summary>Registers the drain on shutdown and gives Kestrel the time it needs.</summary>
public static class ShutdownExtensions
{
    /// <summary>Adds <see cref="ServerDrain"/>; the host allows the drain timeout plus 5 s for stopping.</summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section)
            .Validate(o => o.DrainTimeout >= TimeSpan.Zero, "Stt:Shutdown:DrainTimeout must not be negative")
            .ValidateOnStart();
        services.AddSingleton<ServerDrain>();
        services.AddSingleton<IStreamDrain>(sp => sp.GetRequiredService<ServerDrain>());
        services.AddHostedService(sp => sp.GetRequiredService<ServerDrain>()); // its StoppingAsync runs before Kestrel stops
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = shutdown.Value.DrainTimeout + TimeSpan.FromSeconds(5));
        return services;
    }
}
