namespace Stt.Server.OpenAi;

/// <summary>
/// An error in OpenAI's shape, <c>{"error": {"message", "type", "param", "code"}}</c>, with the HTTP status the OpenAI
/// SDKs map to their exception types (400 BadRequestError, 401 AuthenticationError, 404 NotFoundError, 429
/// RateLimitError, 5xx InternalServerError) and, when waiting helps, a <c>retry-after</c> in seconds.
/// </summary>
internal sealed record OpenAiError(int Status, string Message, string Type, string? Param = null, string? Code = null, string? RetryAfterSeconds = null)
{
    public static OpenAiError BadRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);

    public static OpenAiError NotFound(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status404NotFound, message, "invalid_request_error", param, code);

    public static OpenAiError TooLarge(string message, string? param = null) =>
        new(StatusCodes.Status413PayloadTooLarge, message, "invalid_request_error", param, "file_too_large");

    public static OpenAiError Unavailable(string message, string code, string? retryAfterSeconds = null) =>
        new(StatusCodes.Status503ServiceUnavailable, message, "service_unavailable_error", null, code, retryAfterSeconds);

    public static OpenAiError Internal(string message) =>
        new(StatusCodes.Status500InternalServerError, message, "server_error");

    /// <summary>The <c>error</c> object, as it also appears in server-sent events and Realtime <c>error</c> events.</summary>
    public object Body => new { Message, Type, Param, Code };

    /// <summary>Writes the error as the response: status, retry hint, JSON body.</summary>
    public Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        if (RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds;
        }

        return context.Response.WriteAsJsonAsync(new { error = Body }, OpenAiJson.Options, context.RequestAborted);
    }
}
