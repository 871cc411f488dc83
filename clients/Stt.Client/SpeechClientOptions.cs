namespace Stt.Client;

/// <summary>How a <see cref="SpeechClient"/> connects.</summary>
public sealed class SpeechClientOptions
{
    /// <summary>Sent as <c>authorization: Bearer KEY</c> on every call when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Attempts for a call that fails with UNAVAILABLE before the server answered (connecting, server starting). Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Deadline of unary calls. Default 10 minutes (a 25 MB file on a busy CPU server).</summary>
    public TimeSpan UnaryDeadline { get; set; } = TimeSpan.FromMinutes(10);
}
