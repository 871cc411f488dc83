using System.Text.Json;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// Applies the client's events to the session, one at a time: <c>session.update</c> (and the beta
/// <c>transcription_session.update</c>), and <c>input_audio_buffer.append</c>, <c>commit</c> and <c>clear</c>. An event
/// that cannot be applied gets an <c>error</c> event naming it (what it repeats of the event is cut, see
/// <see cref="ClientEcho"/>), and the session goes on.
/// </summary>
internal sealed class ClientEventHandler(string sessionId, SessionTurns turns, RealtimeOutbox outbox)
{
    /// <summary>Applies one client message: whether the session took it, or why it cannot go on.</summary>
    public async Task<HandledEvent> HandleAsync(ClientMessage message, CancellationToken cancellationToken)
    {
        if (message.Kind == ClientMessageKind.Binary)
        {
            outbox.SendError(OpenAiError.BadRequest("binary messages are not part of the Realtime API; send JSON text events (audio as base64 in input_audio_buffer.append)", null, "invalid_event"));
            return HandledEvent.Refused;
        }

        string? eventId = null;
        try
        {
            using var json = JsonDocument.Parse(message.Text);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeProperty) || typeProperty.ValueKind != JsonValueKind.String)
            {
                throw Invalid("a client event must be a JSON object with a string 'type'", "type", "invalid_event");
            }

            eventId = root.TryGetProperty("event_id", out var id) && id.ValueKind == JsonValueKind.String ? ClientJson.Text(id, "event_id") : null;
            await ApplyAsync(ClientJson.Text(typeProperty, "type"), root, cancellationToken);
            return HandledEvent.Done;
        }
        catch (OpenAiException ex)
        {
            outbox.SendError(ex.Error, eventId);
            return HandledEvent.Refused;
        }
        catch (JsonException)
        {
            outbox.SendError(OpenAiError.BadRequest("a client event is not valid JSON", null, "invalid_json"), eventId);
            return HandledEvent.Refused;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HandledEvent.Failed(ex);
        }
    }

    private async Task ApplyAsync(string type, JsonElement root, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case "session.update":
            case "transcription_session.update":
                var beta = type == "transcription_session.update";
                await turns.ConfigureAsync(SessionUpdate.Apply(turns.Config, Session(root), turns.DefaultDetection, beta), cancellationToken);
                outbox.Send(beta ? "transcription_session.updated" : "session.updated", new { session = beta ? turns.Config.ToBetaSession(sessionId) : turns.Config.ToSession(sessionId) });
                break;
            case "input_audio_buffer.append":
                await turns.AppendAsync(Audio(root), cancellationToken);
                break;
            case "input_audio_buffer.commit":
                if (await turns.CommitAsync(cancellationToken) is { } empty)
                {
                    throw new OpenAiException(empty);
                }

                break;
            case "input_audio_buffer.clear":
                turns.Clear();
                outbox.Send("input_audio_buffer.cleared");
                break;
            case "response.create" or "response.cancel" or "conversation.item.create" or "conversation.item.retrieve" or "conversation.item.delete"
                or "conversation.item.truncate" or "output_audio_buffer.clear":
                throw Invalid($"'{ClientEcho.Text(type)}' is not part of a transcription session: this server transcribes only (session.update and input_audio_buffer.* events)", "type", "unsupported_event");
            default:
                throw Invalid($"unknown event type '{ClientEcho.Text(type)}'", "type", "invalid_event");
        }
    }

    private static JsonElement Session(JsonElement root) =>
        root.TryGetProperty("session", out var session) ? session : throw Invalid("the event has no 'session' object", "session", "missing_required_parameter");

    private static byte[] Audio(JsonElement root)
    {
        if (!root.TryGetProperty("audio", out var audio) || audio.ValueKind != JsonValueKind.String)
        {
            throw Invalid("input_audio_buffer.append needs 'audio': base64 of 16-bit little-endian mono PCM", "audio", "missing_required_parameter");
        }

        return audio.TryGetBytesFromBase64(out var bytes)
            ? bytes
            : throw Invalid("'audio' is not valid base64", "audio", "invalid_value");
    }

    private static OpenAiException Invalid(string message, string param, string code) => new(OpenAiError.BadRequest(message, param, code));
}
