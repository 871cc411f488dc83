using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stt.Core.Inference;

namespace Stt.Server.Hosting;

/// <summary>Healthy once the model has loaded and run its warm-up pass, until shutdown begins.</summary>
internal sealed class ModelReadyHealthCheck(SpeechModelHost host, ServerDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            drain.IsDraining ? HealthCheckResult.Unhealthy("the server is shutting down")
            : host.IsReady ? HealthCheckResult.Healthy($"model '{host.Model!.Name}' loaded")
            : HealthCheckResult.Unhealthy("the model is loading"));
}
