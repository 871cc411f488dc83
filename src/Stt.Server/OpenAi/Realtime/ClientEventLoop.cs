using System.Runtime.CompilerServices;
using Stt.Core.Diagnostics;
using Stt.Core.Streaming;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// The socket's only reader: the Realtime door to the <see cref="LiveStreamRunner"/>, which hands it each client message
/// for the <see cref="ClientEventHandler"/> until the session ends. It ends when the client closes, when the session's
/// <see cref="StreamLifetime"/> ends it (silent too long, open too long, the server draining: events on their way are
/// still taken for a short grace), when the client does not read its events, or when the session fails. Only events the
/// session takes count as activity: a client that sends nothing but events it gets errors for is idle. While the
/// <see cref="RealtimeOutbox"/> is backed up, no client event is read (each may be answered): a client that reads slowly
/// is slowed down; one that has still not read when the session would go idle, or whose events fill the outbox, does
/// not read, and the session ends. A receive still waiting when the session ends is handed back, never cancelled (a
/// cancelled WebSocket receive aborts the socket): the connection waits on it for the client's close frame.
/// </summary>
internal sealed class ClientEventLoop(
    ClientMessageReceiver receiver,
    ClientEventHandler handler,
    SessionTurns turns,
    RealtimeOutbox outbox,
    StreamLifetime lifetime,
    LiveStreamRunner runner,
    SpeechMetrics metrics)
{
    private Task<ClientMessage>? _pending;

    /// <summary>Reads until the session ends: why it ended, the receive still waiting (for the client's close frame), and the failure, if any.</summary>
    public async Task<(SessionEnd End, Task<ClientMessage>? Pending, Exception? Failure)> RunAsync(CancellationToken stop)
    {
        try
        {
            var end = await runner.ReadAsync(lifetime, Messages(stop, CancellationToken.None), TakeAsync, stop, () => outbox.BackedUp);
            return (end is { } reason ? SessionEnds.Of(reason) : SessionEnd.ClientClosed, _pending, null);
        }
        catch (SessionEndedException ended)
        {
            return (ended.End, _pending, ended.Failure);
        }
    }

    /// <summary>
    /// The client's messages, until it closes; each receive only while the outbox has room. Ends the session (throws)
    /// when the outbox overflowed, the turns failed, or a message is too big.
    /// </summary>
    private async IAsyncEnumerable<ClientMessage> Messages(CancellationToken stop, [EnumeratorCancellation] CancellationToken reading)
    {
        while (true)
        {
            // Checked before the next receive: a client that does not read is not read from either.
            if (outbox.Overflowed.IsCompleted)
            {
                metrics.ClientFault("not_reading");
                throw new SessionEndedException(SessionEnd.ClientNotReading);
            }

            var room = outbox.RoomAsync();
            if (room.IsCompleted)
            {
                _pending ??= receiver.ReceiveAsync(stop);
            }

            var failed = turns.Failed;
            var done = await Task.WhenAny(_pending ?? room, failed, outbox.Overflowed).WaitAsync(reading);
            if (done == failed)
            {
                throw new SessionEndedException(SessionEnd.Failed, failed.Result);
            }

            if (done == outbox.Overflowed || _pending is null)
            {
                continue; // the turns' events filled it, or the client read some of its events: read on
            }

            var message = await _pending;
            _pending = null;
            switch (message.Kind)
            {
                case ClientMessageKind.Close:
                    yield break;
                case ClientMessageKind.TooBig:
                    throw new SessionEndedException(SessionEnd.MessageTooBig);
                default:
                    yield return message;
                    break;
            }
        }
    }

    /// <summary>
    /// Applies one event. Any event the session takes restarts the idle clock, not only audio as on a gRPC stream: a
    /// client that configures or commits a turn is not idle. One it gets an error for is not activity.
    /// </summary>
    private async ValueTask<bool> TakeAsync(ClientMessage message, CancellationToken stop)
    {
        var handled = await handler.HandleAsync(message, stop);
        return handled.Failure is { } failure ? throw new SessionEndedException(SessionEnd.Failed, failure) : handled.Applied;
    }

    /// <summary>The session ends for a reason of the Realtime door's own, not its lifetime's.</summary>
    private sealed class SessionEndedException(SessionEnd end, Exception? failure = null) : Exception(end.ToString())
    {
        public SessionEnd End { get; } = end;

        public Exception? Failure { get; } = failure;
    }
}
