using System.Diagnostics;
using Grpc.Core;
using Stt.Core.Diagnostics;

namespace Stt.Server.Security;

/// <summary>
/// The access log, outermost step: when a call ends, counts its status and writes its one line (caller, status,
/// duration, and what the handler left as its <see cref="CallOutcome"/>). Refusals are logged like any other end.
/// </summary>
internal sealed partial class LogStep(ExemptCalls exempt, SpeechMetrics metrics, ILogger<LogStep> logger) : CallStep(exempt)
{
    protected override async Task<T> HandleAsync<T>(ServerCallContext context, object? request, Func<Task<T>> next)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            return await next();
        }
        catch (RpcException ex)
        {
            status = ex.StatusCode;
            throw;
        }
        catch (Exception)
        {
            // What the client sees: grpc-dotnet answers any other exception with UNKNOWN (the handler's own errors were
            // mapped inside, by RpcExceptionInterceptor; this is a step's own failure).
            status = StatusCode.Unknown;
            throw;
        }
        finally
        {
            var http = context.GetHttpContext();
            var name = context.Method[(context.Method.LastIndexOf('/') + 1)..];
            var outcome = http.GetOutcome();
            metrics.CallFinished(name, status.ToString());
            LogCall(name, http.TraceIdentifier, http.Features.Get<CallerFeature>()?.Caller ?? "-", status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome.AudioSeconds, outcome.Segments);
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information,
        Message = "{Method} {CallId} caller {Caller}: {Status} in {DurationMs:F0} ms, {AudioSeconds:F1} s of audio, {Segments} segments")]
    private partial void LogCall(string method, string callId, string caller, StatusCode status, double durationMs, double audioSeconds, int segments);
}
