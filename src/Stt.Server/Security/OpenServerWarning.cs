using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Stt.Server.Security;

/// <summary>Warns at startup when the server listens beyond loopback and accepts calls without an API key.</summary>
internal sealed partial class OpenServerWarning(IServer server, ApiKeyRing keys, IHostApplicationLifetime lifetime, ILogger<OpenServerWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var exposed = server.Features.Get<IServerAddressesFeature>()?.Addresses.Where(a => !LoopbackHosts.IsLoopback(a)).ToList() ?? [];
            if (!keys.Enabled && exposed.Count > 0)
            {
                LogOpen(string.Join(", ", exposed));
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning,
        Message = "The server listens on {Addresses} and accepts calls without an API key. Configure Stt:Auth:ApiKeys (see `stt keys new`) before exposing it.")]
    private partial void LogOpen(string addresses);
}
