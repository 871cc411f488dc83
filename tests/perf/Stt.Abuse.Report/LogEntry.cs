namespace Stt.Abuse.Report;

/// <summary>One entry of the server's console log: its level, its first line (<c>fail: Category[id]</c>), its message's first line, and its stack-trace lines.</summary>
internal sealed record LogEntry(string Level, string Header, string Message, int StackFrames)
{
    /// <summary>Error or Critical.</summary>
    public bool IsError => Level is "fail" or "crit" or "unhandled";

    /// <summary>"fail: Category[id] message" on one line.</summary>
    public override string ToString() => $"{Header} {Message}".Trim();
}
