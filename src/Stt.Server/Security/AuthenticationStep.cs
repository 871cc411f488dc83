using Grpc.Core;

namespace Stt.Server.Security;

/// <summary>
/// Identifies the caller (the API key in the <c>authorization</c> metadata, or the client's address when keys are off)
/// and leaves it with the call (<see cref="CallerFeature"/>); refuses a call without a valid key.
/// </summary>
internal sealed class AuthenticationStep(ExemptCalls exempt, CallGuard guard) : CallStep(exempt)
{
    protected override Task<T> HandleAsync<T>(ServerCallContext context, object? request, Func<Task<T>> next)
    {
        var http = context.GetHttpContext();
        http.SetCaller(guard.Identify(context.RequestHeaders.GetValue("authorization"), http.Connection.RemoteIpAddress));
        return next();
    }
}
