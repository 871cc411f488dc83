using System.CommandLine;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Stt.Cli.Commands;

/// <summary>
/// `stt health`: asks grpc.health.v1 whether the server serves. Exit 0 when SERVING, 1 otherwise (not serving,
/// unreachable, unknown service): what a container health check expects.
/// </summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var service = new Option<string>("--service") { Description = "Health service: \"\" or stt.v1.SpeechToText (ready), liveness (the process answers)", DefaultValueFactory = _ => string.Empty };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the answer", DefaultValueFactory = _ => 5 };
        var command = new Command("health", "Check the server's health (exit 0 when SERVING, 1 otherwise)") { service, timeout };
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                using var channel = GrpcChannel.ForAddress(GlobalOptions.Address(result));
                var headers = GlobalOptions.ApiKeyOf(result) is { Length: > 0 } key ? new Metadata { { "authorization", "Bearer " + key } } : null;
                var reply = await new Health.HealthClient(channel).CheckAsync(
                    new HealthCheckRequest { Service = result.GetValue(service)! },
                    headers,
                    DateTime.UtcNow.AddSeconds(result.GetValue(timeout)),
                    cancellationToken);
                Console.WriteLine(reply.Status);
                return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? ExitCodes.Ok : ExitCodes.Unhealthy;
            }
            catch (RpcException ex)
            {
                return Failures.Report(ExitCodes.Unhealthy, $"no answer: {ex.Status.Detail} ({ex.StatusCode})");
            }
            catch (ArgumentException ex)
            {
                return Failures.Report(ExitCodes.Usage, ex.Message);
            }
        });
        return command;
    }
}
