using Microsoft.Extensions.Logging;

namespace Stt.Testing;

/// <summary>One line a <see cref="LogRecorder"/> kept: its message, its structured values and its exception, each as text.</summary>
public sealed record LogLine(string Category, LogLevel Level, int EventId, string Message, string Values, string? Exception)
{
    /// <summary>True when <paramref name="text"/> appears anywhere in the line.</summary>
    public bool Contains(string text) =>
        Message.Contains(text, StringComparison.Ordinal) || Values.Contains(text, StringComparison.Ordinal) || (Exception?.Contains(text, StringComparison.Ordinal) ?? false);
}
