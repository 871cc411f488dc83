using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using Stt.Core.Admission;
using Stt.Core.Diagnostics;
using Stt.Server.Api;
using Stt.Server.Hosting;

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
    ApiKeyRing keys,
    CallerLimits limits,
    AdmissionController admission,
    ServerDrain drain,
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
            if (drain.IsDraining)
            {
                throw Refuse("draining", StatusCode.Unavailable, "the server is shutting down; retry on another instance", TimeSpan.FromSeconds(1), elsewhere: true);
            }

            caller = Authenticate(context);
            context.SetCaller(caller);
            if (!method.EndsWith("/PushAudio", StringComparison.Ordinal))
            {
                using var permit = limits.CountRequest(caller);
                if (!permit.IsAcquired)
                {
                    throw Refuse("rate_limit", StatusCode.ResourceExhausted,
                        $"rate limit: {limits.RequestsPerMinute} calls per minute per caller", RetryAfter(permit, TimeSpan.FromSeconds(10)), elsewhere: false);
                }
            }

            if (opensStream)
            {
                context.UserState[PlacesKey] = TakePlaces(caller);
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

    private string Authenticate(ServerCallContext context)
    {
        if (!keys.Enabled)
        {
            // One client, one caller on every endpoint: a dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
            var address = context.GetHttpContext().Connection.RemoteIpAddress;
            return (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? "anonymous";
        }

        // One answer for a missing and a wrong key: which one it was is not the caller's business.
        return keys.Identify(context.RequestHeaders.GetValue("authorization"))
            ?? throw Refuse("unauthenticated", StatusCode.Unauthenticated, "a valid API key is required (metadata: authorization: Bearer <key>)", null, elsewhere: false);
    }

    /// <summary>The caller's stream slot and a place under admission control, released together.</summary>
    private StreamPlaces TakePlaces(string caller)
    {
        var slot = limits.HoldStream(caller);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            throw Refuse("stream_limit", StatusCode.ResourceExhausted,
                $"stream limit: {limits.StreamsPerCaller} live streams per caller; close one first", TimeSpan.FromSeconds(5), elsewhere: false);
        }

        if (!admission.TryAdmit(out var lease, out var refusal))
        {
            slot.Dispose();
            throw Refuse(null, StatusCode.ResourceExhausted, refusal!.Message, refusal.RetryAfter, elsewhere: true);
        }

        metrics.StreamOpened();
        return new StreamPlaces(slot, lease!, metrics);
    }

    /// <summary>
    /// A refusal with <c>retry-after</c> (seconds, for this replica) and <c>grpc-retry-pushback-ms</c>, which gRPC
    /// clients with a retry policy act on by themselves: a short delay when another replica may accept the call
    /// (<paramref name="elsewhere"/>: this one is full or shutting down), -1 ("do not retry") for the caller's own
    /// limits, which a silent replay would only defeat; the application sees those at once.
    /// </summary>
    private RpcException Refuse(string? reason, StatusCode code, string message, TimeSpan? retryAfter, bool elsewhere)
    {
        if (reason is not null)
        {
            metrics.Rejected(reason); // admission counts its own reasons
        }

        var trailers = new Metadata();
        if (retryAfter is { } wait)
        {
            trailers.Add("retry-after", ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
            var pushback = elsewhere ? (int)Math.Min(wait.TotalMilliseconds, MaxRetryPushback.TotalMilliseconds) : -1;
            trailers.Add("grpc-retry-pushback-ms", pushback.ToString(CultureInfo.InvariantCulture));
        }

        return new RpcException(new Status(code, message), trailers);
    }

    private static TimeSpan RetryAfter(RateLimitLease lease, TimeSpan fallback) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : fallback;

    private bool IsExempt(string method) =>
        (_anonymousHealth && method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal))
        || (_anonymousReflection && method.StartsWith("/grpc.reflection.", StringComparison.Ordinal));

    [LoggerMessage(EventId = 500, Level = LogLevel.Information,
        Message = "{Method} {CallId} caller {Caller}: {Status} in {DurationMs:F0} ms, {AudioSeconds:F1} s of audio, {Segments} segments")]
    private partial void LogCall(string method, string callId, string caller, StatusCode status, double durationMs, double audioSeconds, int segments);
}
