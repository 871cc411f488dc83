using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;
using Stt.Server.Api;

namespace Stt.Server.Security;

/// <summary>
/// The door every call passes, outermost of the interceptors: refuses calls while the server drains, checks the
/// API key, counts the caller's calls per minute and live streams, asks admission control whether one more live
/// stream can be served on time, and, when the call ends, writes its one log line and counts its status. The caller
/// it identifies goes with the call (<see cref="CallerIdentity"/>): what a caller opens only that caller can name.
/// Health and reflection pass without a key when so configured; they are never limited.
/// Every refusal happens before the call's handler runs, so before any response header is written: the client gets
/// a trailers-only response, which gRPC client libraries may retry (on another replica, with round_robin).
/// </summary>
internal sealed partial class CallGate(
    CallGuard guard,
    SpeechMetrics metrics,
    IOptions<AuthOptions> options,
    ILogger<CallGate> logger) : Interceptor
{
    /// <summary>Key of <see cref="ServerCallContext.UserState"/> under which a live stream's places are kept; a call may take them over.</summary>
    public const string PlacesKey = "stt.places";

    /// <summary>Key of <see cref="ServerCallContext.UserState"/> where a call leaves what it did, for the log line.</summary>
    public const string OutcomeKey = "stt.outcome";

    /// <summary>
    /// Longest <c>grpc-retry-pushback-ms</c> sent with a refusal another replica may accept (server full, draining):
    /// a live stream's audio piles up in the client while it waits, so it should try elsewhere soon, not after the
    /// seconds <c>retry-after</c> asks of this replica.
    /// </summary>
    public static readonly TimeSpan MaxRetryPushback = TimeSpan.FromMilliseconds(500);

    private readonly bool _anonymousHealth = options.Value.AnonymousHealth;
    private readonly bool _anonymousReflection = options.Value.AnonymousReflection;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, opensStream: false, () => continuation(request, context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, opensStream: true, async () =>
        {
            await continuation(requestStream, responseStream, context);
            return true;
        });

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, opensStream: request is V1.OpenSessionRequest { ResumeSessionId.Length: 0 }, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, opensStream: false, () => continuation(requestStream, context));

    private async Task<T> GuardAsync<T>(ServerCallContext context, bool opensStream, Func<Task<T>> call)
    {
        var method = context.Method;
        if (IsExempt(method))
        {
            return await call();
        }

        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        string? caller = null;
        try
        {
            try
            {
                guard.RefuseIfDraining();
                caller = guard.Identify(context.RequestHeaders.GetValue("authorization"), context.GetHttpContext().Connection.RemoteIpAddress);
                context.SetCaller(caller);
                if (!method.EndsWith("/PushAudio", StringComparison.Ordinal))
                {
                    guard.CountRequest(caller);
                }

                if (opensStream)
                {
                    context.UserState[PlacesKey] = guard.TakePlaces(caller);
                }
            }
            catch (CallRefusedException refused)
            {
                throw ToRpc(refused);
            }

            return await call();
        }
        catch (RpcException ex)
        {
            status = ex.StatusCode;
            throw;
        }
        finally
        {
            if (context.UserState.TryGetValue(PlacesKey, out var places))
            {
                ((IDisposable)places).Dispose(); // still here: the call did not hand them to a session
            }

            var name = method[(method.LastIndexOf('/') + 1)..];
            metrics.CallFinished(name, status.ToString());
            var outcome = context.UserState.TryGetValue(OutcomeKey, out var o) ? (CallOutcome)o : CallOutcome.None;
            LogCall(name, context.GetHttpContext().TraceIdentifier, caller ?? "-", status, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                outcome.AudioSeconds, outcome.Segments);
        }
    }

    private static RpcException ToRpc(CallRefusedException refused)
    {
        var code = refused.Reason switch
        {
            CallRefusal.Draining => StatusCode.Unavailable,
            CallRefusal.Unauthenticated => StatusCode.Unauthenticated,
            _ => StatusCode.ResourceExhausted,
        };

        // retry-after: seconds, for this replica. grpc-retry-pushback-ms, which gRPC clients with a retry policy act on
        // by themselves: a short delay when another replica may accept the call (this one is full or shutting down),
        // -1 ("do not retry") for the caller's own limits, which a silent replay would only defeat.
        var trailers = new Metadata();
        if (refused.RetryAfter is { } wait)
        {
            trailers.Add("retry-after", refused.RetryAfterSeconds!);
            var elsewhere = refused.Reason is CallRefusal.Draining or CallRefusal.OverCapacity;
            var pushback = elsewhere ? (int)Math.Min(wait.TotalMilliseconds, MaxRetryPushback.TotalMilliseconds) : -1;
            trailers.Add("grpc-retry-pushback-ms", pushback.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new RpcException(new Status(code, refused.Message), trailers);
    }

    private bool IsExempt(string method) =>
        (_anonymousHealth && method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal))
        || (_anonymousReflection && method.StartsWith("/grpc.reflection.", StringComparison.Ordinal));

    [LoggerMessage(EventId = 500, Level = LogLevel.Information,
        Message = "{Method} {CallId} caller {Caller}: {Status} in {DurationMs:F0} ms, {AudioSeconds:F1} s of audio, {Segments} segments")]
    private partial void LogCall(string method, string callId, string caller, StatusCode status, double durationMs, double audioSeconds, int segments);
}
