using Grpc.Core;

namespace Stt.Server.Security;

/// <summary>Counts the call against its caller's calls per minute, unless the method is <see cref="ExemptFromRateLimitAttribute"/>.</summary>
internal sealed class RateLimitStep(ExemptCalls exempt, CallGuard guard) : CallStep(exempt)
{
    protected override Task<T> HandleAsync<T>(ServerCallContext context, object? request, Func<Task<T>> next)
    {
        if (Declared<ExemptFromRateLimitAttribute>(context) is null)
        {
            guard.CountRequest(context.GetCaller());
        }

        return next();
    }
}
