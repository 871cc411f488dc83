using Stt.Abuse.Report.Audio;
using Stt.Abuse.Report.Calls;

namespace Stt.Abuse.Report.Attacks;

/// <summary>
/// 5. Realtime sessions: one that changes its turn detection before every commit (each change ends the turns in force
/// and starts new ones), and one that floods invalid events with long ids (each answered by an error event that echoes
/// the id) and never reads its socket.
/// </summary>
internal static class RealtimeAbuse
{
    private const string Call = "Realtime";

    /// <summary>Characters of each invalid event's id.</summary>
    private const int EventIdLength = 4000;

    /// <summary>Audio appended before each commit: 120 ms at 24 kHz (a commit takes at least 100 ms).</summary>
    private const int SamplesPerCommit = 2880;

    public static Attack Create(AttackSizes sizes) => new("Realtime: turn-detection churn, and an invalid-event flood from a client that never reads", [
        new AttackCase($"WebSocket, {sizes.RealtimePairs} x (session.update changing turn detection + 120 ms of quiet noise appended + commit)", context => ChurnAsync(context, sizes.RealtimePairs)),
        new AttackCase($"WebSocket, {sizes.InvalidEvents:N0} invalid events with {EventIdLength:N0}-character event ids, socket never read", context => FloodAsync(context, sizes.InvalidEvents)),
    ]);

    private static async Task ChurnAsync(AttackContext context, int pairs)
    {
        var cancellationToken = context.CancellationToken;
        using var socket = await RealtimeSocket.ConnectAsync(context, Call);
        if (socket is null)
        {
            return;
        }

        var reading = socket.ReadUntilClosedAsync(cancellationToken);
        var audio = Convert.ToBase64String(AttackAudio.QuietPcm(SamplesPerCommit, seed: 5));
        var sent = 0;
        try
        {
            for (; sent < pairs && !reading.IsCompleted; sent++)
            {
                context.Step = $"{Call}: pair {sent + 1}";
                // Server VAD with a new silence each time, and none (the client commits) in between: every update changes the turns.
                object? turns = sent % 2 == 0 ? new { type = "server_vad", silence_duration_ms = 200 + (10 * (sent % 50)) } : null;
                await socket.SendAsync(new { type = "session.update", session = new { type = "transcription", audio = new { input = new { turn_detection = turns } } } }, cancellationToken);
                await socket.SendAsync(new { type = "input_audio_buffer.append", audio }, cancellationToken);
                await socket.SendAsync(new { type = "input_audio_buffer.commit" }, cancellationToken);
            }

            context.Step = $"{Call}: closing";
            await socket.CloseOutputAsync(cancellationToken);
        }
        catch (System.Net.WebSockets.WebSocketException) when (!cancellationToken.IsCancellationRequested)
        {
            // the server closed or cut the connection: what it sent says why
        }

        context.Step = $"{Call}: waiting for the server's close";
        var events = await reading;
        events.Record(context.Answers, Call, 1000, 1008);
        context.Answers.Check($"every pair sent before the server closed ({sent} of {pairs})", sent == pairs, events.Summary());
    }

    private static async Task FloodAsync(AttackContext context, int count)
    {
        var cancellationToken = context.CancellationToken;
        using var socket = await RealtimeSocket.ConnectAsync(context, Call);
        if (socket is null)
        {
            return;
        }

        var id = new string('x', EventIdLength);
        var sent = 0;
        string? stopped = null;
        try
        {
            for (; sent < count; sent++)
            {
                context.Step = $"{Call}: invalid event {sent + 1} (the socket unread)";
                await socket.SendAsync($$"""{"type":"no.such.event","event_id":"{{id}}-{{sent}}"}""", cancellationToken);
            }
        }
        catch (System.Net.WebSockets.WebSocketException ex) when (!cancellationToken.IsCancellationRequested)
        {
            stopped = ex.Message; // the server closed or cut the connection
        }

        context.Step = $"{Call}: reading what the server sent, up to its close";
        var events = await socket.ReadUntilClosedAsync(cancellationToken);
        var errors = events.Errors.Count;
        events.Errors.RemoveAll(e => e.Type != "server_error"); // the invalid events' own errors are the expected answer, counted below
        events.Record(context.Answers, Call, 1000, 1008);
        // Three good outcomes: the server stopped reading (back-pressure) so the flood could not all be sent; it closed
        // with 1008 (the client did not read); or, the flood having fitted in the socket buffers and been read in the end,
        // it closed the session at the idle timeout all the same (invalid events are not activity).
        var idle = events.Close is System.Net.WebSockets.WebSocketCloseStatus.NormalClosure && events.CloseReason?.Contains("idle", StringComparison.OrdinalIgnoreCase) == true;
        context.Answers.Check(
            "the server stopped the flood before it was all sent, closed with 1008, or ended the session at its idle timeout despite the flood",
            sent < count || events.Close is System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation || idle,
            $"{sent:N0} of {count:N0} events sent{(stopped is null ? string.Empty : $" ({stopped})")}; then read: {errors:N0} error events; {events.Summary()}");
    }
}
