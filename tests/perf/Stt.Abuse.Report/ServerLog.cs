using System.Text;
using System.Text.RegularExpressions;

namespace Stt.Abuse.Report;

/// <summary>
/// The server's console log, read by byte range so each attack gets the entries written while it ran. A problem is an
/// Error- or Critical-level entry (the console logger's <c>fail:</c> and <c>crit:</c>), a crash ("Unhandled exception"),
/// or any entry carrying a stack trace (<c>   at </c> lines), whatever its level.
/// </summary>
internal sealed partial class ServerLog(string? path)
{
    /// <summary>True when there is a log to read.</summary>
    public bool Available => path is not null && File.Exists(path);

    /// <summary>The log's length now, in bytes.</summary>
    public long Position => Available ? new FileInfo(path!).Length : 0;

    /// <summary>The problem entries written between two positions.</summary>
    public IReadOnlyList<LogEntry> Problems(long from, long to)
    {
        if (!Available)
        {
            return [];
        }

        using var file = new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var end = Math.Min(to, file.Length);
        if (from >= end)
        {
            return [];
        }

        file.Position = from;
        var bytes = new byte[end - from];
        file.ReadExactly(bytes);
        return Entries(Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.TrimEnd('\r')))
            .Where(e => e.IsError || e.StackFrames > 0).ToList();
    }

    private static IEnumerable<LogEntry> Entries(IEnumerable<string> lines)
    {
        (string Level, string Header, string? Message, int Frames)? entry = null;
        foreach (var line in lines)
        {
            var header = Header().Match(line);
            if (header.Success || line.StartsWith("Unhandled exception", StringComparison.Ordinal))
            {
                if (entry is { } done)
                {
                    yield return new LogEntry(done.Level, done.Header, done.Message ?? string.Empty, done.Frames);
                }

                entry = header.Success ? (header.Groups[1].Value, line.Trim(), null, 0) : ("unhandled", line.Trim(), null, 0);
            }
            else if (entry is { } current)
            {
                entry = StackFrame().IsMatch(line) ? current with { Frames = current.Frames + 1 }
                    : current.Message is null && line.Trim().Length > 0 ? current with { Message = line.Trim() }
                    : current;
            }
        }

        if (entry is { } last)
        {
            yield return new LogEntry(last.Level, last.Header, last.Message ?? string.Empty, last.Frames);
        }
    }

    [GeneratedRegex(@"^(trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex Header();

    [GeneratedRegex(@"^\s{3,}at \S")]
    private static partial Regex StackFrame();
}
