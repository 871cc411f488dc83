using System.Net.WebSockets;
using Stt.Server.Security;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// One Realtime transcription session on its WebSocket. The <see cref="ClientEventLoop"/>, the socket's only reader,
/// applies the client's events to the <see cref="SessionTurns"/>; server events go out through the
/// <see cref="RealtimeOutbox"/>, its only writer. The session ends when the client closes (nothing more is sent), is
/// silent for the idle timeout, reaches the maximum duration, or the server drains: then what was received is
/// transcribed and delivered, an <c>error</c> event says why, and the socket closes. A client that does not read its
/// events (see <see cref="ClientEventLoop"/>) is closed with 1008 and nothing more is transcribed. Closing takes at most
/// <see cref="CloseTimeout"/>: past it, the connection is dropped.
/// </summary>
internal sealed partial class RealtimeConnection(
    WebSocket socket,
    RealtimeDependencies services,
    Func<Exception, OpenAiError> describe,
    ILogger logger)
{
    /// <summary>How long the queued events and the close frame may take to go out: a client that does not read gets no longer.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the client's close frame is waited for, once ours is sent.</summary>
    private static readonly TimeSpan ClientCloseTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Runs the session; returns the seconds of audio it received and the finals it delivered.</summary>
    public async Task<CallOutcome> RunAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, services.Drain.Deadline);
        var id = RealtimeIds.New("sess");
        var outbox = new RealtimeOutbox(services.OpenAi.MaxQueuedServerEvents);
        var turns = new SessionTurns(services, new TurnEvents(outbox, new RealtimeItems()), describe, logger);
        using var lifetime = services.Runner.Start();
        var loop = new ClientEventLoop(
            new ClientMessageReceiver(socket, services.Api.MaxMessageBytes),
            new ClientEventHandler(id, turns, outbox),
            turns,
            outbox,
            lifetime,
            services.Runner,
            services.Metrics);
        var writing = outbox.WriteAsync(socket, stop.Token);
        outbox.Send("session.created", new { session = turns.Config.ToSession(id) });
        Task<ClientMessage>? pending = null;
        var end = SessionEnd.ClientClosed;
        try
        {
            (end, pending, var failure) = await loop.RunAsync(stop.Token);
            if (end == SessionEnd.ClientNotReading)
            {
                LogNotReading(logger, id, outbox.Capacity);
            }

            if (end is SessionEnd.Idle or SessionEnd.MaxDuration or SessionEnd.Draining)
            {
                await turns.FinishAsync(stop.Token);
            }

            if ((end == SessionEnd.Failed ? describe(failure!) : SessionEnds.Error(end, services.Api, services.Runner.Lifetimes)) is { } why)
            {
                outbox.SendError(why);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the connection dropped, or the drain timeout passed: whatever is left is cancelled
        }
        finally
        {
            await turns.AbortAsync();
            outbox.Complete();
            await CloseAsync(writing, pending, end, stop.Token);
        }

        return turns.Outcome;
    }

    /// <summary>
    /// Sends what is queued (nothing more once the outbox overflowed), then a close frame, within <see cref="CloseTimeout"/>;
    /// waits briefly for the client's, then lets the socket go.
    /// </summary>
    private async Task CloseAsync(Task writing, Task<ClientMessage>? pending, SessionEnd end, CancellationToken stop)
    {
        try
        {
            // Cancelling a send aborts the socket: a client that does not read holds nothing past the timeout.
            using var closing = CancellationTokenSource.CreateLinkedTokenSource(stop);
            closing.CancelAfter(CloseTimeout);
            await writing.WaitAsync(closing.Token);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var (status, reason) = SessionEnds.CloseFrame(end);
                await socket.CloseOutputAsync(status, reason, closing.Token);
            }

            // The client's close frame. What it sends before it is read and dropped: a connection closed with data unread
            // is reset, and the client would lose what it had not read yet, our close frame included.
            using var answering = CancellationTokenSource.CreateLinkedTokenSource(stop);
            answering.CancelAfter(ClientCloseTimeout);
            if (pending is not null && (await pending.WaitAsync(answering.Token)).Kind == ClientMessageKind.Close)
            {
                return;
            }

            var dropped = new byte[4096];
            while (socket.State == WebSocketState.CloseSent
                && (await socket.ReceiveAsync(dropped.AsMemory(), answering.Token)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or WebSocketException)
        {
            socket.Abort();
        }
    }

    [LoggerMessage(EventId = 721, Level = LogLevel.Information,
        Message = "Realtime session {SessionId} closed: its client does not read its events ({Capacity} were queued, Stt:OpenAi:MaxQueuedServerEvents)")]
    private static partial void LogNotReading(ILogger logger, string sessionId, int capacity);
}
