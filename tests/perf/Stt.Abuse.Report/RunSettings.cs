using System.Globalization;

namespace Stt.Abuse.Report;

/// <summary>The command line: where the server is, what to watch, how big the attacks are, where the report goes.</summary>
internal sealed record RunSettings(
    Uri Grpc,
    Uri Web,
    Uri Management,
    int ServerPid,
    string? ServerLog,
    string? FfmpegLog,
    AttackSizes Sizes,
    string? Out,
    string Command,
    string Commit,
    IReadOnlyList<string> ServerSettings)
{
    public const string Usage =
        "usage: Stt.Abuse.Report --grpc http://127.0.0.1:P --web http://127.0.0.1:P --management http://127.0.0.1:P --server-pid PID " +
        "[--server-log FILE] [--ffmpeg-log FILE] [--smoke] [--out FILE] [--command TEXT] [--commit SHA] [--server-settings \"Key=Value ...\"]";

    /// <summary>Reads the arguments; null when a required one is missing.</summary>
    public static RunSettings? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            values[args[i][2..]] = hasValue ? args[++i] : "true";
        }

        if (!values.TryGetValue("grpc", out var grpc) || !values.TryGetValue("web", out var web) || !values.TryGetValue("management", out var management)
            || !values.TryGetValue("server-pid", out var pid) || !int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var serverPid))
        {
            return null;
        }

        var smoke = values.ContainsKey("smoke");
        return new RunSettings(
            new Uri(grpc),
            new Uri(web),
            new Uri(management),
            serverPid,
            values.GetValueOrDefault("server-log"),
            values.GetValueOrDefault("ffmpeg-log"),
            smoke ? AttackSizes.SmokeRun : AttackSizes.Full,
            values.GetValueOrDefault("out"),
            values.GetValueOrDefault("command") ?? "dotnet Stt.Abuse.Report.dll " + string.Join(' ', args),
            values.GetValueOrDefault("commit") ?? "unknown",
            (values.GetValueOrDefault("server-settings") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
