using System.Text;
using System.Text.RegularExpressions;

namespace Stt.Abuse.Report;

/// <summary>
/// The server's console log: Error- and Critical-level entries (the console logger's <c>fail:</c> and <c>crit:</c>
/// prefixes), stack traces (<c>   at </c> lines) and a crash's "Unhandled exception". Read by byte range, so each attack
/// gets the lines written while it ran.
/// </summary>
internal sealed partial class ServerLog(string? path)
{
    /// <summary>True when there is a log to read.</summary>
    public bool Available => path is not null && File.Exists(path);

    /// <summary>The log's length now, in bytes.</summary>
    public long Position => Available ? new FileInfo(path!).Length : 0;

    /// <summary>Problem lines written between two positions (the whole log by default).</summary>
    public IReadOnlyList<string> Problems(long from = 0, long to = long.MaxValue)
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
        return Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.TrimEnd('\r')).Where(IsProblem).ToList();
    }

    public static bool IsStackFrame(string line) => StackFrame().IsMatch(line);

    private static bool IsProblem(string line) =>
        line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)
        || line.StartsWith("Unhandled exception", StringComparison.Ordinal) || IsStackFrame(line);

    [GeneratedRegex(@"^\s{3,}at \S")]
    private static partial Regex StackFrame();
}
