using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Stt.Testing;

/// <summary>A logger provider that keeps every line written through it, for tests that check what the log says.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    /// <summary>The lines so far, in the order they were written.</summary>
    public IReadOnlyList<LogLine> Lines => [.. _lines];

    /// <summary>A logger of <typeparamref name="T"/>'s category that writes here.</summary>
    public ILogger<T> For<T>() => new TypedLogger<T>(this);

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _lines);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class TypedLogger<T>(LogRecorder recorder) : ILogger<T>
    {
        private readonly ILogger _inner = recorder.CreateLogger(typeof(T).FullName!);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _inner.Log(logLevel, eventId, state, exception, formatter);
    }

    private sealed class Recorder(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Structured values too: a sink may store them apart from the message.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue(new LogLine(category, logLevel, eventId.Id, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
