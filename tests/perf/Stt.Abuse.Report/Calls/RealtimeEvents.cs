using System.Net.WebSockets;

namespace Stt.Abuse.Report.Calls;

/// <summary>What a Realtime session sent back: server events by type, its error events, and how the socket closed.</summary>
internal sealed class RealtimeEvents
{
    /// <summary>Server events received, by type.</summary>
    public Dictionary<string, int> Types { get; } = [];

    /// <summary>The error objects received (in <c>error</c> and <c>...transcription.failed</c> events): type, code, message.</summary>
    public List<(string Type, string Code, string Message)> Errors { get; } = [];

    /// <summary>The server's close frame; null when the connection ended without one.</summary>
    public WebSocketCloseStatus? Close { get; set; }

    public string? CloseReason { get; set; }

    /// <summary>Why reading stopped without a close frame.</summary>
    public string? Cut { get; set; }

    /// <summary>Records the session's answers: one per distinct error code (server_error is unusable), and the close.</summary>
    public void Record(Answers answers, string call, params int[] expectedCloses)
    {
        foreach (var group in Errors.GroupBy(e => (e.Type, e.Code)))
        {
            var unusable = group.Key.Type == "server_error";
            foreach (var error in group)
            {
                answers.Add($"{call} error event", $"{group.Key.Type} ({group.Key.Code})", unusable ? AnswerKind.Unusable : AnswerKind.Actionable, !unusable, error.Message);
            }
        }

        answers.WebSocketClose(call, Close, Close is null ? Cut : CloseReason, expectedCloses);
    }

    /// <summary>"3 session.updated, 2 input_audio_buffer.committed, ...".</summary>
    public string Summary() => Types.Count == 0 ? "no events" : string.Join(", ", Types.OrderByDescending(t => t.Value).Select(t => $"{t.Value} {t.Key}"));
}
