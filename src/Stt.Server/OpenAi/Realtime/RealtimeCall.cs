using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;
using Stt.Core.Streaming;
using Stt.Server.Api;
using Stt.Server.Hosting;
using Stt.Server.Security;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// <c>GET /v1/realtime?intent=transcription</c>, upgraded to a WebSocket: a Realtime transcription session. Before the
/// upgrade it is an HTTP request like any other (the gate has checked the key and counted it); then it takes a live
/// stream's places (the caller's stream slot and admission control, as a StreamingTranscribe call does), refused with
/// 429 when there is no room, and holds them until the socket closes. The session exists only on its socket: nothing
/// else can name it, so no other caller can reach it; <c>call_id</c> (attaching to a call) gets 404 as an unknown id.
/// </summary>
internal sealed partial class RealtimeCall(
    CallGuard guard,
    StreamTranscriberFactory transcribers,
    FileTranscriber files,
    ServedModels models,
    RecognitionRules rules,
    ServerDrain drain,
    LiveStreamRunner runner,
    SpeechMetrics metrics,
    OpenAiFailures failures,
    IOptions<ApiOptions> api,
    TimeProvider clock,
    IOptions<OpenAiOptions> openAi,
    IOptions<CorsOptions> cors,
    ILogger<RealtimeCall> logger)
{
    /// <summary>The subprotocol browsers offer beside their key; accepted back so their handshake completes.</summary>
    private const string RealtimeProtocol = "realtime";

    public async Task<IResult> RunAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (query.TryGetValue("call_id", out var callId))
        {
            throw new OpenAiException(OpenAiError.NotFound($"no Realtime call '{callId}' exists", "call_id", "call_not_found"));
        }

        if (query["intent"] != "transcription")
        {
            throw new OpenAiException(OpenAiError.BadRequest(
                "only transcription sessions are served: connect to /v1/realtime?intent=transcription and choose the model in session.update", "intent", "invalid_value"));
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new OpenAiException(OpenAiError.BadRequest("/v1/realtime is a WebSocket: send an upgrade request (wss://HOST/v1/realtime?intent=transcription)", null, "websocket_required"));
        }

        if (!OriginAllowed(context.Request))
        {
            // Browsers send any site's WebSocket with the user's credentials; only the allow-list may open sessions.
            throw new OpenAiException(new OpenAiError(StatusCodes.Status403Forbidden, "this origin may not open Realtime sessions (Stt:Cors:AllowedOrigins)", "invalid_request_error", null, "origin_not_allowed"));
        }

        models.Default().Dispose(); // 503 while the default model loads, before the upgrade
        using var places = guard.TakePlaces(context.GetCaller());
        var protocol = context.WebSockets.WebSocketRequestedProtocols.Contains(RealtimeProtocol) ? RealtimeProtocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol, KeepAliveInterval = TimeSpan.FromSeconds(20) });
        var services = new RealtimeDependencies(transcribers, files, models, rules, drain, runner, metrics, api.Value, clock, openAi.Value);
        var connection = new RealtimeConnection(socket, services, e => failures.ToError(e, context) ?? OpenAiError.Internal("the session ended"), logger);
        context.SetOutcome(await connection.RunAsync(context.RequestAborted));
        return Results.Empty;
    }

    private bool OriginAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true; // not a browser
        }

        return (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
            || cors.Value.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
    }
}
