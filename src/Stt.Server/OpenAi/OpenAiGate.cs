using System.Diagnostics;
using Stt.Core.Diagnostics;
using Stt.Server.Security;

namespace Stt.Server.OpenAi;

/// <summary>
/// The door of the OpenAI-compatible routes, as <see cref="SecurityExtensions.AddCallPipeline">the call pipeline</see> is of the gRPC service: refuses requests while the
/// server drains, checks the API key (<c>Authorization: Bearer KEY</c>, or for browser WebSockets the
/// <c>openai-insecure-api-key.KEY</c> subprotocol), counts the caller's calls per minute, turns failures into OpenAI's
/// error shape, and writes each request's one log line.
/// </summary>
internal sealed partial class OpenAiGate(CallGuard guard, OpenAiFailures failures, SpeechMetrics metrics, ILogger<OpenAiGate> logger) : IEndpointFilter
{
    /// <summary>Subprotocol prefix by which browsers, which cannot set headers on a WebSocket, send their key.</summary>
    public const string KeyProtocolPrefix = "openai-insecure-api-key.";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var name = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? context.Request.Path.ToString();
        var started = Stopwatch.GetTimestamp();
        string? caller = null;
        int? failed = null;
        try
        {
            guard.RefuseIfDraining();
            caller = guard.Identify(Authorization(context.Request), context.Connection.RemoteIpAddress);
            context.SetCaller(caller);
            guard.CountRequest(caller);
            return await next(invocation);
        }
        catch (Exception ex)
        {
            var error = failures.ToError(ex, context);
            failed = error?.Status ?? StatusCodes.Status499ClientClosedRequest;
            if (error is not null && !context.Response.HasStarted)
            {
                await error.WriteAsync(context);
            }

            return Results.Empty;
        }
        finally
        {
            var status = failed
                ?? context.Features.Get<StreamedErrorStatus>()?.Status
                ?? context.Response.StatusCode;
            metrics.CallFinished(name, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var outcome = context.GetOutcome();
            LogCall(name, context.TraceIdentifier, caller ?? "-", status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome.AudioSeconds, outcome.Segments);
        }
    }

    /// <summary>The <c>Authorization</c> header, or a key sent as a WebSocket subprotocol, as <c>Bearer KEY</c>.</summary>
    private static string? Authorization(HttpRequest request)
    {
        if (request.Headers.Authorization is { Count: > 0 } header)
        {
            return header.ToString();
        }

        var key = request.Headers.SecWebSocketProtocol
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
            .FirstOrDefault(protocol => protocol.StartsWith(KeyProtocolPrefix, StringComparison.Ordinal));
        return key is null ? null : "Bearer " + key[KeyProtocolPrefix.Length..];
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Information,
        Message = "{Route} {CallId} caller {Caller}: HTTP {Status} in {DurationMs:F0} ms, {AudioSeconds:F1} s of audio, {Segments} segments")]
    private partial void LogCall(string route, string callId, string caller, int status, double durationMs, double audioSeconds, int segments);
}
