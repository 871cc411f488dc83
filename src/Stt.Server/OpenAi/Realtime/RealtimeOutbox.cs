using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// The server events of one connection, written by exactly one loop (a WebSocket takes one send at a time) in the order
/// they were queued from any thread. Each event gets its <c>event_id</c>. At most <see cref="Capacity"/> wait: a client
/// that reads its socket takes them faster than a session makes them, so one more means it does not read, and the
/// outbox <see cref="Overflowed"/>: it takes no more events and sends no more of those it holds, and the session ends.
/// </summary>
internal sealed class RealtimeOutbox
{
    private readonly Channel<byte[]> _events;
    private readonly TaskCompletionSource _overflowed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _completed;

    /// <param name="capacity">Events queued at most (<see cref="OpenAiOptions.MaxQueuedServerEvents"/>).</param>
    public RealtimeOutbox(int capacity)
    {
        Capacity = capacity;
        _events = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Events queued at most.</summary>
    public int Capacity { get; }

    /// <summary>Events queued and not sent yet.</summary>
    public int Queued => _events.Reader.Count;

    /// <summary>Completes when an event found the outbox full: the client does not read its socket.</summary>
    public Task Overflowed => _overflowed.Task;

    /// <summary>Queues event <paramref name="type"/> with the properties of <paramref name="fields"/>; dropped once the outbox overflowed or completed.</summary>
    public void Send(string type, object? fields = null)
    {
        if (_completed || Overflowed.IsCompleted)
        {
            return;
        }

        var e = new JsonObject { ["type"] = type, ["event_id"] = RealtimeIds.New("event") };
        if (fields is not null)
        {
            foreach (var (name, value) in JsonSerializer.SerializeToNode(fields, OpenAiJson.Options)!.AsObject())
            {
                e[name] = value?.DeepClone();
            }
        }

        if (!_events.Writer.TryWrite(JsonSerializer.SerializeToUtf8Bytes(e, OpenAiJson.Options)) && !_completed)
        {
            _overflowed.TrySetResult();
        }
    }

    /// <summary>
    /// Queues an <c>error</c> event; <paramref name="clientEventId"/> names the client event that caused it. Both are cut
    /// to what <see cref="ClientEcho"/> allows.
    /// </summary>
    public void SendError(OpenAiError error, string? clientEventId = null) =>
        Send("error", new { error = new { error.Type, error.Code, Message = ClientEcho.Message(error.Message), error.Param, event_id = ClientEcho.Id(clientEventId) } });

    /// <summary>No more events: the writer ends after the queued ones.</summary>
    public void Complete()
    {
        _completed = true;
        _events.Writer.TryComplete();
    }

    /// <summary>Sends queued events until <see cref="Complete"/>; stops early when the socket fails or the outbox overflowed.</summary>
    public async Task WriteAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        await foreach (var e in _events.Reader.ReadAllAsync(cancellationToken))
        {
            if (Overflowed.IsCompleted || socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                return;
            }

            await socket.SendAsync(e, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }
}
