using Grpc.Core;
using Grpc.Core.Interceptors;
using Stt.Audio;
using Stt.Core.Diagnostics;
using Stt.Core.Models;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Server.Security;

namespace Stt.Server.Api;

/// <summary>
/// Turns what the core throws into the right gRPC status with a message a user can act on. Unexpected errors
/// become INTERNAL with a correlation id that is also in the log; a client that went away is logged at Debug.
/// </summary>
internal sealed partial class RpcExceptionInterceptor(SpeechMetrics metrics, ILogger<RpcExceptionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case InvalidAudioException:
                return new RpcException(new Status(StatusCode.InvalidArgument, exception.Message));
            case CallRefusedException refused:
                return RefusalStep.ToRpcException(refused); // a refusal in the handler (a caller's file limit), as the steps answer it
            case ModelUnavailableException unavailable:
                return RefusalStep.ToRpcException(new CallRefusedException(CallRefusal.ModelUnavailable, unavailable.Message, unavailable.RetryAfter));
            case ClientNotReadingException:
                return new RpcException(new Status(StatusCode.DeadlineExceeded, exception.Message));
            case Google.Protobuf.InvalidProtocolBufferException:
                return new RpcException(new Status(StatusCode.InvalidArgument, "a request message is not a valid stt.v1 protobuf message"));
            case InferenceQueueFullException or AudioAllowanceExceededException or ConverterBusyException:
                return new RpcException(new Status(StatusCode.ResourceExhausted, exception.Message));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                LogClientCancelled(context.Method);
                metrics.ClientFault("cancelled"); // a cancelled call or a dropped connection: its passes are already aborted
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            default:
                var correlationId = Guid.NewGuid().ToString("N")[..12];
                LogFailed(exception, context.Method, correlationId);
                return new RpcException(new Status(StatusCode.Internal, $"transcription failed on the server (correlation id {correlationId})"));
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "{Method}: the client cancelled")]
    private partial void LogClientCancelled(string method);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "{Method} failed (correlation id {CorrelationId})")]
    private partial void LogFailed(Exception exception, string method, string correlationId);
}
