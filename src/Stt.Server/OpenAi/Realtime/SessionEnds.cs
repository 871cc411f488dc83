using System.Net.WebSockets;
using Stt.Core.Streaming;
using Stt.Server.Api;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>What the client is told when a session ends: the <c>error</c> event that says why, and the close frame.</summary>
internal static class SessionEnds
{
    private const WebSocketCloseStatus ServiceRestart = (WebSocketCloseStatus)1012;

    /// <summary>The end for a reason the session's <see cref="StreamLifetime"/> gave.</summary>
    public static SessionEnd Of(StreamEndReason reason) => reason switch
    {
        StreamEndReason.Idle => SessionEnd.Idle,
        StreamEndReason.MaxDuration => SessionEnd.MaxDuration,
        StreamEndReason.ClientNotReading => SessionEnd.ClientNotReading,
        _ => SessionEnd.Draining,
    };

    /// <summary>
    /// The error event for an end the server chose; null when the client closed, for <see cref="SessionEnd.Failed"/>,
    /// whose failure says why, and for <see cref="SessionEnd.ClientNotReading"/>, which the client would not read.
    /// </summary>
    public static OpenAiError? Error(SessionEnd end, ApiOptions api, StreamLifetimeOptions lifetimes) => end switch
    {
        SessionEnd.Idle => OpenAiError.BadRequest($"no client event the session could apply for {lifetimes.IdleTimeout} (Stt:Streams:IdleTimeout): the session is closed", null, "session_idle_timeout"),
        SessionEnd.MaxDuration => OpenAiError.BadRequest(
            $"the session reached its maximum duration of {lifetimes.MaxDuration} (Stt:Streams:MaxDuration); what it received is transcribed; open a new session to go on",
            null, "session_expired"),
        SessionEnd.Draining => OpenAiError.Unavailable("the server is shutting down; what the session received is transcribed; reconnect to another instance", "server_shutting_down"),
        SessionEnd.MessageTooBig => OpenAiError.BadRequest($"a client event is larger than {api.MaxMessageBytes} bytes (Stt:Api:MaxMessageBytes)", null, "event_too_large"),
        _ => null,
    };

    /// <summary>
    /// The close frame's status and reason; 1012 (service restart) when the server drains, 1008 (policy violation) for a
    /// limit the client reached.
    /// </summary>
    public static (WebSocketCloseStatus Status, string Reason) CloseFrame(SessionEnd end) => end switch
    {
        SessionEnd.ClientClosed => (WebSocketCloseStatus.NormalClosure, "bye"),
        SessionEnd.Idle => (WebSocketCloseStatus.NormalClosure, "idle"),
        SessionEnd.MaxDuration => (WebSocketCloseStatus.PolicyViolation, "maximum duration reached"),
        SessionEnd.Draining => (ServiceRestart, "server shutting down"),
        SessionEnd.MessageTooBig => (WebSocketCloseStatus.MessageTooBig, "event too large"),
        SessionEnd.ClientNotReading => (WebSocketCloseStatus.PolicyViolation, "the client does not read its events"),
        _ => (WebSocketCloseStatus.InternalServerError, "session failed"),
    };
}
