using System.Globalization;
using Grpc.Core;

namespace Stt.Server.Security;

/// <summary>
/// Turns a refusal of the steps inside it (<see cref="CallRefusedException"/>) into its gRPC status and retry trailers.
/// Every refusal happens before the call's handler runs, so before any response header is written: the client gets a
/// trailers-only response, which gRPC client libraries may retry (on another replica, with round_robin).
/// </summary>
internal sealed class RefusalStep(ExemptCalls exempt) : CallStep(exempt)
{
    /// <summary>
    /// Longest <c>grpc-retry-pushback-ms</c> sent with a refusal another replica may accept (server full, draining):
    /// a live stream's audio piles up in the client while it waits, so it should try elsewhere soon, not after the
    /// seconds <c>retry-after</c> asks of this replica.
    /// </summary>
    public static readonly TimeSpan MaxRetryPushback = TimeSpan.FromMilliseconds(500);

    /// <summary>The status of a refusal, with <c>retry-after</c> and <c>grpc-retry-pushback-ms</c> when waiting helps.</summary>
    public static RpcException ToRpcException(CallRefusedException refused)
    {
        var code = refused.Reason switch
        {
            CallRefusal.Draining or CallRefusal.ModelUnavailable => StatusCode.Unavailable,
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
            var elsewhere = refused.Reason is CallRefusal.Draining or CallRefusal.OverCapacity or CallRefusal.ModelUnavailable;
            var pushback = elsewhere ? (int)Math.Min(wait.TotalMilliseconds, MaxRetryPushback.TotalMilliseconds) : -1;
            trailers.Add("grpc-retry-pushback-ms", pushback.ToString(CultureInfo.InvariantCulture));
        }

        return new RpcException(new Status(code, refused.Message), trailers);
    }

    protected override async Task<T> HandleAsync<T>(ServerCallContext context, object? request, Func<Task<T>> next)
    {
        try
        {
            return await next();
        }
        catch (CallRefusedException refused)
        {
            throw ToRpcException(refused);
        }
    }
}
