using System.Net.WebSockets;

namespace Stt.Server.Tests.OpenAi;

/// <summary>
/// A WebSocket whose client sends the frames given and then closes; what the server sends is kept. A <see cref="Live"/>
/// one does not close when the script runs out: its client waits, and the test sends more with <see cref="Add"/>. A frame
/// larger than the receive's buffer arrives over several receives.
/// </summary>
internal sealed class ScriptedWebSocket(params ScriptedWebSocket.Frame[] frames) : WebSocket
{
    private readonly Queue<Frame> _frames = new(frames);
    private readonly Lock _gate = new();
    private TaskCompletionSource<Frame>? _waiting;
    private Frame? _rest;

    /// <summary>Frames of the script not received yet.</summary>
    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                return _frames.Count + (_rest is null ? 0 : 1);
            }
        }
    }

    /// <summary>The messages the server sent, in order.</summary>
    public List<byte[]> Sent { get; } = [];

    /// <summary>When the frames run out, wait for the next one <see cref="Add"/>ed instead of closing. Default false.</summary>
    public bool Live { get; init; }

    /// <summary>True while a receive waits for a frame the test has not added yet.</summary>
    public bool IsWaiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting is not null;
            }
        }
    }

    public override WebSocketCloseStatus? CloseStatus => null;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => WebSocketState.Open;

    public override string? SubProtocol => null;

    /// <summary>The client sends <paramref name="frame"/>: the waiting receive gets it, or the next one does.</summary>
    public void Add(Frame frame)
    {
        TaskCompletionSource<Frame> waiting;
        lock (_gate)
        {
            if (_waiting is null)
            {
                _frames.Enqueue(frame);
                return;
            }

            (waiting, _waiting) = (_waiting, null);
        }

        waiting.TrySetResult(frame);
    }

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
        Task<Frame> next;
        lock (_gate)
        {
            if (_rest is not null || _frames.Count > 0)
            {
                var frame = _rest ?? _frames.Dequeue();
                _rest = null;
                return Task.FromResult(Deliver(frame, buffer));
            }

            if (!Live)
            {
                return Task.FromResult(new WebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true));
            }

            // Continuations run elsewhere, so that Add returns before the reader goes on, as it would on a real socket.
            _waiting = new TaskCompletionSource<Frame>(TaskCreationOptions.RunContinuationsAsynchronously);
            next = _waiting.Task;
        }

        return WaitAsync(next, buffer, cancellationToken);
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        Sent.Add(buffer.ToArray());
        return Task.CompletedTask;
    }

    private async Task<WebSocketReceiveResult> WaitAsync(Task<Frame> next, ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var frame = await next.WaitAsync(cancellationToken);
        lock (_gate)
        {
            return Deliver(frame, buffer);
        }
    }

    /// <summary>The frame, or as much of it as <paramref name="buffer"/> takes: the rest is the next receive's. Called under the gate.</summary>
    private WebSocketReceiveResult Deliver(Frame frame, ArraySegment<byte> buffer)
    {
        if (frame.Bytes is not { } bytes)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
        }

        if (bytes.Length > buffer.Count)
        {
            _rest = frame with { Bytes = bytes[buffer.Count..] };
            bytes.AsSpan(0, buffer.Count).CopyTo(buffer.AsSpan());
            return new WebSocketReceiveResult(buffer.Count, frame.Type, endOfMessage: false);
        }

        bytes.CopyTo(buffer.AsSpan());
        return new WebSocketReceiveResult(bytes.Length, frame.Type, frame.EndOfMessage);
    }

    /// <summary>One frame from the client; no bytes: the connection drops there.</summary>
    public sealed record Frame(byte[]? Bytes, WebSocketMessageType Type, bool EndOfMessage)
    {
        public static Frame Dropped { get; } = new(null, WebSocketMessageType.Text, false);

        /// <summary>The client's close frame.</summary>
        public static Frame Close { get; } = new([], WebSocketMessageType.Close, true);

        public static Frame Text(string text, bool endOfMessage = true) => new(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage);

        public static Frame Binary(int length) => new(new byte[length], WebSocketMessageType.Binary, true);
    }
}
