using System.Diagnostics;
using Stt.Core.Diagnostics;
using Stt.Server.Hosting;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// The socket's only reader: hands each client message to the <see cref="ClientEventHandler"/> until the session ends.
/// It ends when the client closes, when a <see cref="SessionLimits"/> is reached (silent too long, or open too long),
/// when the server drains (audio already on its way is still taken for a short grace), or when the session fails.
/// </summary>
internal sealed class ClientEventLoop(
    ClientMessageReceiver receiver,
    ClientEventHandler handler,
    SessionTurns turns,
    SessionLimits limits,
    ServerDrain drain,
    SpeechMetrics metrics)
{
    /// <summary>Reads until the session ends: why it ended, the receive still waiting (for the client's close frame), and the failure, if any.</summary>
    public async Task<(SessionEnd End, Task<ClientMessage>? Pending, Exception? Failure)> RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var onDrain = drain.Draining.Register(wake.Cancel);
        var lastEvent = TimeSpan.Zero;
        Task<ClientMessage>? pending = null;
        Task? timer = null;
        while (true)
        {
            pending ??= receiver.ReceiveAsync(stop);

            // One timer per wait, not per event: it is re-armed when it fires early because events came meanwhile.
            timer ??= drain.IsDraining
                ? Delay(drain.ReadGraceLeft, stop)
                : Delay(limits.Wait(clock.Elapsed, lastEvent), wake.Token);
            var failed = turns.Failed;
            var done = await Task.WhenAny(pending, timer, failed);
            if (done == failed)
            {
                return (SessionEnd.Failed, pending, failed.Result);
            }

            if (done == timer)
            {
                timer = null;
                stop.ThrowIfCancellationRequested();
                if (!done.IsCompletedSuccessfully)
                {
                    continue; // the drain began: wait out its grace instead
                }

                var end = drain.IsDraining ? SessionEnd.Draining : limits.Reached(clock.Elapsed, lastEvent);
                if (end == SessionEnd.Idle)
                {
                    metrics.ClientFault("stalled");
                }

                if (end is { } ended)
                {
                    return (ended, pending, null);
                }

                continue;
            }

            lastEvent = clock.Elapsed;
            var message = await pending;
            pending = null;
            switch (message.Kind)
            {
                case ClientMessageKind.Close:
                    return (SessionEnd.ClientClosed, null, null);
                case ClientMessageKind.TooBig:
                    return (SessionEnd.MessageTooBig, null, null);
                default:
                    if (await handler.HandleAsync(message, stop) is { } error)
                    {
                        return (SessionEnd.Failed, null, error);
                    }

                    break;
            }
        }
    }

    private static Task Delay(TimeSpan wait, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(wait.TotalMilliseconds, 0, int.MaxValue - 1)), cancellationToken);
}
