using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Stt.Server.Security;

/// <summary>
/// One step of the gRPC call pipeline, with one job (<see cref="SecurityExtensions.AddCallPipeline"/> lists them in
/// order). The four kinds of handler meet in <see cref="HandleAsync"/>; the calls of <see cref="ExemptCalls"/> pass
/// every step untouched. A step learns what it needs of the method from the declarations on it (endpoint metadata),
/// never from its name.
/// </summary>
internal abstract class CallStep(ExemptCalls exempt) : Interceptor
{
    public sealed override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, request, () => continuation(request, context));

    public sealed override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, null, () => continuation(requestStream, context));

    public sealed override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, request, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    public sealed override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, null, async () =>
        {
            await continuation(requestStream, responseStream, context);
            return true;
        });

    /// <summary>The step's work around the rest of the call; <paramref name="request"/> is null for streamed requests.</summary>
    protected abstract Task<T> HandleAsync<T>(ServerCallContext context, object? request, Func<Task<T>> next);

    /// <summary>The declaration of type <typeparamref name="T"/> on the called method, or null.</summary>
    protected static T? Declared<T>(ServerCallContext context) where T : class =>
        context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<T>();

    private Task<T> RunAsync<T>(ServerCallContext context, object? request, Func<Task<T>> next) =>
        exempt.Contains(context.Method) ? next() : HandleAsync(context, request, next);
}
