namespace Stt.Server.OpenAi;

/// <summary>The OpenAI-compatible audio API on the HTTP/1.1 port. Bound from <c>Stt:OpenAi</c>.</summary>
public sealed record OpenAiOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:OpenAi";

    /// <summary>Serve <c>/v1/audio/transcriptions</c>, <c>/v1/audio/translations</c>, <c>/v1/models</c> and <c>/v1/realtime</c>. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Further model names accepted as the served model (<c>whisper-1</c> and the served model's own name always are), for
    /// tools that insist on another name, e.g. <c>gpt-4o-transcribe</c>. Default none.
    /// </summary>
    public string[] ModelAliases { get; init; } = [];

    /// <summary>
    /// Realtime sessions without turn detection: the longest audio the input buffer holds before a commit; appending
    /// more is an error. Default 5 min.
    /// </summary>
    public TimeSpan MaxBufferedAudio { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Realtime sessions without turn detection: committed turns waiting for or in transcription; a commit beyond is
    /// refused with an <c>error</c> event (the buffer is kept) and the session goes on. Each holds its audio, up to
    /// <see cref="MaxBufferedAudio"/>. Default 4.
    /// </summary>
    public int MaxPendingCommits { get; init; } = 4;

    /// <summary>
    /// Realtime sessions: server events queued for a client that has not read them yet. From half of it, no more client
    /// events are read (each may be answered) until the client reads; a client that still has not read at the idle
    /// timeout, or whose events reach this bound, does not read its socket, and the session is closed with 1008
    /// (policy violation). Default 1024.
    /// </summary>
    public int MaxQueuedServerEvents { get; init; } = 1024;
}
