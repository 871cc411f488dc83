using Microsoft.AspNetCore.Http.Features;

namespace Stt.Server.OpenAi;

/// <summary>A <c>text/event-stream</c> response of <c>data: JSON</c> events, each flushed as it is written, as OpenAI streams.</summary>
internal sealed class ServerSentEvents
{
    private static readonly byte[] Prefix = "data: "u8.ToArray();
    private static readonly byte[] End = "\n\n"u8.ToArray();
    private readonly HttpResponse _response;

    private ServerSentEvents(HttpResponse response) => _response = response;

    /// <summary>Sends the response headers; from here on errors can only travel as events.</summary>
    public static async Task<ServerSentEvents> StartAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // proxies (nginx) would otherwise hold the events back
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(context.RequestAborted);
        return new ServerSentEvents(response);
    }

    public async Task WriteAsync(object data, CancellationToken cancellationToken)
    {
        await _response.Body.WriteAsync(Prefix, cancellationToken);
        await _response.Body.WriteAsync(OpenAiJson.Serialize(data), cancellationToken);
        await _response.Body.WriteAsync(End, cancellationToken);
        await _response.Body.FlushAsync(cancellationToken);
    }
}
