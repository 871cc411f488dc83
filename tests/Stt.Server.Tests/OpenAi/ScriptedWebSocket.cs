using System.Net.WebSockets;

namespace Stt.Server.Tests.OpenAi;

/// <summary>A WebSocket whose client sends the frames given and then closes; what the server sends is kept.</summary>
internal sealed class ScriptedWebSocket(params ScriptedWebSocket.Frame[] frames) : WebSocket
{
    private readonly Queue<Frame> _frames = new(frames);

    /// <summary>The messages the server sent, in order.</summary>
    public List<byte[]> Sent { get; } = [];

    public override WebSocketCloseStatus? CloseStatus => null;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => WebSocketState.Open;

    public override string? SubProtocol => null;

    public override void Abort()
    {
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Dispose()
    {
    }

    public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        if (!_frames.TryDequeue(out var frame))
        {
            return Task.FromResult(new WebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true));
        }

        if (frame.Bytes is not { } bytes)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
        }

        bytes.CopyTo(buffer.AsSpan());
        return Task.FromResult(new WebSocketReceiveResult(bytes.Length, frame.Type, frame.EndOfMessage));
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        Sent.Add(buffer.ToArray());
        return Task.CompletedTask;
    }

    /// <summary>One frame from the client; no bytes: the connection drops there.</summary>
    public sealed record Frame(byte[]? Bytes, WebSocketMessageType Type, bool EndOfMessage)
    {
        public static Frame Dropped { get; } = new(null, WebSocketMessageType.Text, false);

        public static Frame Text(string text, bool endOfMessage = true) => new(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage);

        public static Frame Binary(int length) => new(new byte[length], WebSocketMessageType.Binary, true);
    }
}
