using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Stt.Abuse.Report.Calls;

/// <summary>A Realtime transcription session (<c>ws://WEB/v1/realtime?intent=transcription</c>) opened by the attacker.</summary>
internal sealed class RealtimeSocket : IDisposable
{
    private readonly ClientWebSocket _socket;

    private RealtimeSocket(ClientWebSocket socket) => _socket = socket;

    /// <summary>Connects; null (and the refusal recorded) when the server refuses the upgrade.</summary>
    public static async Task<RealtimeSocket?> ConnectAsync(AttackContext context, string call)
    {
        var cancellationToken = context.CancellationToken;
        context.Step = $"{call}: connect";
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var address = new UriBuilder(context.Target.WebAddress) { Scheme = "ws", Path = "/v1/realtime", Query = "intent=transcription" }.Uri;
        try
        {
            await socket.ConnectAsync(address, cancellationToken);
            return new RealtimeSocket(socket);
        }
        catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (socket.HttpStatusCode != 0)
            {
                context.Answers.Http($"{call}: upgrade", (int)socket.HttpStatusCode, ex.Message);
            }
            else
            {
                context.Answers.ConnectionLost($"{call}: upgrade", ex);
            }

            socket.Dispose();
            return null;
        }
    }

    public WebSocketState State => _socket.State;

    /// <summary>Sends one client event (a JSON text message).</summary>
    public async Task SendAsync(string json, CancellationToken cancellationToken) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Sends one client event serialized from <paramref name="value"/>.</summary>
    public Task SendAsync(object value, CancellationToken cancellationToken) => SendAsync(JsonSerializer.Serialize(value), cancellationToken);

    /// <summary>Starts the client's closing handshake (1000).</summary>
    public async Task CloseOutputAsync(CancellationToken cancellationToken)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
        }
    }

    /// <summary>Reads every server event until the server's close frame (answered), or until the connection is cut.</summary>
    public async Task<RealtimeEvents> ReadUntilClosedAsync(CancellationToken cancellationToken)
    {
        var events = new RealtimeEvents();
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    (events.Close, events.CloseReason) = (result.CloseStatus, result.CloseStatusDescription);
                    await AnswerCloseAsync(cancellationToken);
                    return events;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    Count(events, message.GetBuffer().AsMemory(0, (int)message.Length));
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested)
        {
            events.Cut = ex.Message;
            return events;
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task AnswerCloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_socket.State == WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // the server did not wait for the answer
        }
    }

    private static void Count(RealtimeEvents events, ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "(no type)";
            events.Types[type] = events.Types.GetValueOrDefault(type) + 1;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                events.Errors.Add((Text(error, "type"), Text(error, "code"), Text(error, "message")));
            }
        }
        catch (JsonException)
        {
            events.Types["(not JSON)"] = events.Types.GetValueOrDefault("(not JSON)") + 1;
        }
    }

    private static string Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "-";
}
