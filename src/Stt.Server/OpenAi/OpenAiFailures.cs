using Microsoft.AspNetCore.Http.Features;
using Stt.Audio;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;
using Stt.Core.Models;
using Stt.Core.Streaming;
using Stt.Server.Security;

namespace Stt.Server.OpenAi;

/// <summary>
/// Turns what a request threw into OpenAI's error shape with a message a user can act on. Unexpected errors become 500
/// with a correlation id that is also in the log; a client that went away gets nothing (it is not listening) and is
/// logged at Debug.
/// </summary>
internal sealed partial class OpenAiFailures(SpeechMetrics metrics, ILogger<OpenAiFailures> logger)
{
    /// <summary>The error to send for <paramref name="exception"/>, or null when the client is gone.</summary>
    public OpenAiError? ToError(Exception exception, HttpContext context)
    {
        switch (exception)
        {
            case OpenAiException e:
                return e.Error;
            case CallRefusedException refused:
                return FromRefusal(refused);
            case InvalidAudioException:
                return OpenAiError.BadRequest(exception.Message, "file", "invalid_audio");
            case ModelUnavailableException unavailable:
                return FromRefusal(new CallRefusedException(CallRefusal.ModelUnavailable, unavailable.Message, unavailable.RetryAfter));
            case InferenceQueueFullException or ConverterBusyException:
                return new OpenAiError(StatusCodes.Status429TooManyRequests, exception.Message, "rate_limit_error", null, "server_overloaded", "1");
            case AudioAllowanceExceededException:
                return new OpenAiError(StatusCodes.Status429TooManyRequests, exception.Message, "rate_limit_error", null, "audio_faster_than_real_time");
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
                return OpenAiError.TooLarge($"the request body is larger than the {limit} bytes this server accepts (Stt:Api:MaxFileBytes)", "file");
            case BadHttpRequestException bad:
                return new OpenAiError(bad.StatusCode, bad.Message, "invalid_request_error");
            case OperationCanceledException or IOException when context.RequestAborted.IsCancellationRequested:
                LogClientGone(context.Request.Path);
                metrics.ClientFault("cancelled"); // its passes are already aborted
                return null;
            default:
                var correlationId = Guid.NewGuid().ToString("N")[..12];
                LogFailed(exception, context.Request.Path, correlationId);
                return OpenAiError.Internal($"transcription failed on the server (correlation id {correlationId})");
        }
    }

    /// <summary>A refusal of <see cref="CallGuard"/> as OpenAI clients expect it: 401, 429 or 503, with a retry hint.</summary>
    public static OpenAiError FromRefusal(CallRefusedException refused) => refused.Reason switch
    {
        CallRefusal.Draining => OpenAiError.Unavailable(refused.Message, "server_shutting_down", refused.RetryAfterSeconds),
        CallRefusal.ModelUnavailable => OpenAiError.Unavailable(refused.Message, "model_loading", refused.RetryAfterSeconds),
        CallRefusal.Unauthenticated => new OpenAiError(StatusCodes.Status401Unauthorized, refused.Message, "invalid_request_error", null, "invalid_api_key"),
        CallRefusal.RateLimited => new OpenAiError(StatusCodes.Status429TooManyRequests, refused.Message, "rate_limit_error", null, "rate_limit_exceeded", refused.RetryAfterSeconds),
        CallRefusal.StreamLimit => new OpenAiError(StatusCodes.Status429TooManyRequests, refused.Message, "rate_limit_error", null, "stream_limit_exceeded", refused.RetryAfterSeconds),
        CallRefusal.FileLimit => new OpenAiError(StatusCodes.Status429TooManyRequests, refused.Message, "rate_limit_error", null, "file_limit_exceeded", refused.RetryAfterSeconds),
        _ => new OpenAiError(StatusCodes.Status429TooManyRequests, refused.Message, "rate_limit_error", null, "server_at_capacity", refused.RetryAfterSeconds),
    };

    [LoggerMessage(EventId = 710, Level = LogLevel.Debug, Message = "{Path}: the client went away")]
    private partial void LogClientGone(string path);

    [LoggerMessage(EventId = 711, Level = LogLevel.Error, Message = "{Path} failed (correlation id {CorrelationId})")]
    private partial void LogFailed(Exception exception, string path, string correlationId);
}
