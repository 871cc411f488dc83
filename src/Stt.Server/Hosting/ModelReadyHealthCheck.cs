using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stt.Core.Inference;

namespace Stt.Server.Hosting;

/// <summary>Healthy once the model has loaded and run its warm-up pass.</summary>
internal sealed class ModelReadyHealthCheck(SpeechModelHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.IsReady
            ? HealthCheckResult.Healthy($"model '{host.Model!.Name}' loaded")
            : HealthCheckResult.Unhealthy("the model is loading"));
}
