using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// The server events of one connection, written by exactly one loop (a WebSocket takes one send at a time) in the order
/// they were queued from any thread. Each event gets its <c>event_id</c>. At most <see cref="Capacity"/> wait. From half
/// of it the outbox is <see cref="BackedUp"/>: the connection takes no more client events (each may be answered) until
/// the client has read some (<see cref="RoomAsync"/>). One more than the capacity means the client does not read, and
/// the outbox <see cref="Overflowed"/>: it takes no more events and sends no more of those it holds.
/// </summary>
internal sealed class RealtimeOutbox
{
    private readonly Channel<byte[]> _events;
    private readonly TaskCompletionSource _overflowed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private TaskCompletionSource? _room;
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

    /// <summary>Half the capacity or more waits: the client reads its events slower than its own events make them, or not at all.</summary>
    public bool BackedUp => Queued >= HighWater;

    private int HighWater => Math.Max(1, Capacity / 2);

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
            SignalRoom();
        }
    }

    /// <summary>Completes when the outbox is not <see cref="BackedUp"/> (at once if it is not now), or has overflowed.</summary>
    public Task RoomAsync()
    {
        lock (_gate)
        {
            return BackedUp && !Overflowed.IsCompleted ? (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : Task.CompletedTask;
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
            SignalRoom();
            if (Overflowed.IsCompleted || socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                return;
            }

            await socket.SendAsync(e, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    /// <summary>Wakes the one waiting for room, if there is room now or there never will be.</summary>
    private void SignalRoom()
    {
        TaskCompletionSource? room;
        lock (_gate)
        {
            if (_room is null || (BackedUp && !Overflowed.IsCompleted))
            {
                return;
            }

            (room, _room) = (_room, null);
        }

        room.TrySetResult();
    }
}
