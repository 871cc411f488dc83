using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// The server events of one connection, written by exactly one loop (a WebSocket takes one send at a time) in the order
/// they were queued from any thread. Each event gets its <c>event_id</c>.
/// </summary>
internal sealed class RealtimeOutbox
{
    private readonly Channel<byte[]> _events = Channel.CreateUnbounded<byte[]>(new() { SingleReader = true });

    /// <summary>Queues event <paramref name="type"/> with the properties of <paramref name="fields"/>.</summary>
    public void Send(string type, object? fields = null)
    {
        var e = new JsonObject { ["type"] = type, ["event_id"] = RealtimeIds.New("event") };
        if (fields is not null)
        {
            foreach (var (name, value) in JsonSerializer.SerializeToNode(fields, OpenAiJson.Options)!.AsObject())
            {
                e[name] = value?.DeepClone();
            }
        }

        _events.Writer.TryWrite(JsonSerializer.SerializeToUtf8Bytes(e, OpenAiJson.Options));
    }

    /// <summary>Queues an <c>error</c> event; <paramref name="clientEventId"/> names the client event that caused it.</summary>
    public void SendError(OpenAiError error, string? clientEventId = null) =>
        Send("error", new { error = new { error.Type, error.Code, error.Message, error.Param, event_id = clientEventId } });

    /// <summary>No more events: the writer ends after the queued ones.</summary>
    public void Complete() => _events.Writer.TryComplete();

    /// <summary>Sends queued events until <see cref="Complete"/>; stops early when the socket fails.</summary>
    public async Task WriteAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        await foreach (var e in _events.Reader.ReadAllAsync(cancellationToken))
        {
            if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                return;
            }

            await socket.SendAsync(e, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }
}
