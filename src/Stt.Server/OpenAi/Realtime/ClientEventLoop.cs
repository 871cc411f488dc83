using Stt.Core.Diagnostics;
using Stt.Core.Streaming;
using Stt.Server.Hosting;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// The socket's only reader: hands each client message to the <see cref="ClientEventHandler"/> until the session ends.
/// It ends when the client closes, when the session's <see cref="StreamLifetime"/> ends it (silent too long, or open too
/// long), when the server drains (audio already on its way is still taken for a short grace), when the client does not
/// read its events, or when the session fails. Only events the session takes count as activity: a client that sends
/// nothing but events it gets errors for is idle. While the <see cref="RealtimeOutbox"/> is backed up, no client event is
/// read (each may be answered): a client that reads slowly is slowed down; one that has still not read when the session
/// would go idle, or whose events fill the outbox, does not read, and the session ends.
/// </summary>
internal sealed class ClientEventLoop(
    ClientMessageReceiver receiver,
    ClientEventHandler handler,
    SessionTurns turns,
    RealtimeOutbox outbox,
    StreamLifetime lifetime,
    ServerDrain drain,
    SpeechMetrics metrics)
{
    /// <summary>Reads until the session ends: why it ended, the receive still waiting (for the client's close frame), and the failure, if any.</summary>
    public async Task<(SessionEnd End, Task<ClientMessage>? Pending, Exception? Failure)> RunAsync(CancellationToken stop)
    {
        using var onDrain = drain.Draining.Register(() => lifetime.Drain(drain.ReadGraceLeft)); // events on their way are still taken
        var timeUp = Task.Delay(Timeout.InfiniteTimeSpan, lifetime.Ended); // cancelled when the lifetime ends the session
        Task<ClientMessage>? pending = null;
        while (true)
        {
            // Checked before the next receive: a client that does not read is not read from either.
            if (outbox.Overflowed.IsCompleted)
            {
                metrics.ClientFault("not_reading");
                return (SessionEnd.ClientNotReading, pending, null);
            }

            var room = outbox.RoomAsync();
            if (room.IsCompleted)
            {
                pending ??= receiver.ReceiveAsync(stop);
            }

            var failed = turns.Failed;
            var done = await Task.WhenAny(pending ?? room, timeUp, failed, outbox.Overflowed);
            if (done == failed)
            {
                return (SessionEnd.Failed, pending, failed.Result);
            }

            if (done == outbox.Overflowed)
            {
                continue; // the turns' events filled it
            }

            if (done == timeUp)
            {
                stop.ThrowIfCancellationRequested();
                if (!lifetime.IsOver)
                {
                    timeUp = Task.Delay(Timeout.InfiniteTimeSpan, lifetime.Ended); // it fired as an event moved the deadline
                    continue;
                }

                var reason = lifetime.EndReason(drain.IsDraining);
                if (reason == StreamEndReason.Idle && outbox.BackedUp)
                {
                    metrics.ClientFault("not_reading");
                    return (SessionEnd.ClientNotReading, pending, null); // not silent: it has not read what it was sent
                }

                if (reason == StreamEndReason.Idle)
                {
                    metrics.ClientFault("stalled");
                }

                return (SessionEnds.Of(reason), pending, null);
            }

            if (pending is null)
            {
                continue; // the client read some of its events: read on
            }

            var message = await pending;
            pending = null;
            switch (message.Kind)
            {
                case ClientMessageKind.Close:
                    return (SessionEnd.ClientClosed, null, null);
                case ClientMessageKind.TooBig:
                    return (SessionEnd.MessageTooBig, null, null);
                default:
                    HandledEvent handled;
                    using (lifetime.Busy()) // an event that waits for the pipeline (audio held back by its finals) is not silence
                    {
                        handled = await handler.HandleAsync(message, stop);

                        // Any event the session takes restarts the idle clock, not only audio as on a gRPC stream: a client
                        // that configures or commits a turn is not idle. One it gets an error for is not activity.
                        if (handled.Applied)
                        {
                            lifetime.RecordActivity();
                        }
                    }

                    if (handled.Failure is { } failure)
                    {
                        return (SessionEnd.Failed, null, failure);
                    }

                    break;
            }
        }
    }
}
