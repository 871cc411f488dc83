using Grpc.Core;

namespace Stt.Server.Security;

/// <summary>Refuses every call once shutdown has begun (UNAVAILABLE: another replica may take it).</summary>
internal sealed class DrainStep(ExemptCalls exempt, CallGuard guard) : CallStep(exempt)
{
    protected override Task<T> HandleAsync<T>(ServerCallContext context, object? request, Func<Task<T>> next)
    {
        guard.RefuseIfDraining();
        return next();
    }
}
