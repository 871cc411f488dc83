using System.Globalization;
using System.Text;
using Stt.Cli.Bench;

namespace Stt.Abuse.Report;

/// <summary>The Markdown report: the command, one table per attack (attack, answers, RSS growth, places held after 10 s, met/missed) with the server's messages under it, the well-behaved stream, the server log, and the outcome.</summary>
internal static class ReportWriter
{
    /// <summary>Target: the well-behaved stream's p95 final latency during the attacks is at most this many times its p95 alone.</summary>
    private const double LatencyRatioTarget = 1.5;

    private const int DetailLength = 240;

    /// <summary>Why abuse.sh changes a shipped setting, by key.</summary>
    private static readonly Dictionary<string, string> WhyChanged = new(StringComparer.Ordinal)
    {
        ["Stt__Streams__IdleTimeout"] = "so that attacks which hold a stream or a session until its idle deadline end within the run",
        ["Stt__Sessions__DetachedGrace"] = "browser sessions whose results stream dropped after their id was sent keep their places for the grace in which " +
            "they may be resumed, by design and within their caller's stream limit: 5 s, so that places held 10 s after an attack measure a leak, not the grace",
        ["Stt__Admission__Enabled"] = "admission control refuses new live streams while this machine's finals are late, and on a busy CI machine they are: " +
            "the attacks would then test admission, not the bounds behind it; `--with-admission` keeps it on, and its refusals are marked \"by admission control\"",
    };

    public static string Write(RunSettings settings, RunResult run)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Hostile clients: what each attack got back and what it cost");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{settings.Command}`");
        md.AppendLine();
        Header(md, settings, run);
        var number = 0;
        foreach (var (attack, cases) in run.Attacks)
        {
            Attack(md, ++number, attack, cases, run);
        }

        WellBehaved(md, run);
        Log(md, run);
        Outcome(md, run);
        return md.ToString();
    }

    private static void Header(StringBuilder md, RunSettings settings, RunResult run)
    {
        var model = run.Server?.Model is { } m ? $"`{m.Name}`{(m.Synthetic ? " (synthetic: random weights)" : string.Empty)}, {m.Workers} workers" : "unknown";
        var changed = settings.ServerSettings.Count == 0 ? "shipped settings"
            : "shipped settings except " + string.Join("; ", settings.ServerSettings.Select(s =>
                $"`{s}`" + (WhyChanged.TryGetValue(s.Split('=')[0], out var why) ? $" ({why})" : string.Empty)));
        var sizes = settings.Sizes.Smoke ? "Smoke sizes (`--smoke`)." : "Full sizes.";
        md.AppendLine(CultureInfo.InvariantCulture, $"Server: commit `{settings.Commit}`, Release build, model {model}, on {Environment.ProcessorCount} cores; {changed}. {sizes}");
        md.AppendLine();
        md.AppendLine("Targets, per attack: every answer one a client can act on (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, OUT_OF_RANGE, " +
            "UNAVAILABLE, NOT_FOUND; HTTP 400/404/413/429; WebSocket 1008), and the one this attack should get; the server's resident memory " +
            $"growing by less than {CaseResult.RssTargetMb:F0} MB (peak while it ran, sampled every 50 ms, minus the value just before); no live stream " +
            "left open 10 s after it ended (GetServerInfo's `Load.ActiveStreams`, the well-behaved stream not counted). An answer marked **unusable** " +
            "(INTERNAL, UNKNOWN, HTTP 500, WebSocket 1011, no answer within the bound) fails the run; time and memory figures never do.");
        md.AppendLine();
        md.AppendLine(run.SeparateCallers
            ? "Callers: the attacker calls from 127.0.0.1, the well-behaved stream from 127.0.0.2 and the observer (GetServerInfo) from 127.0.0.3: without API keys a caller is its address, so the per-caller limits apply to the attacker alone, as they would to one tenant among others."
            : "Callers: 127.0.0.2 and 127.0.0.3 could not be bound here, so the attacker, the well-behaved stream and the observer all call from 127.0.0.1 and share its per-caller limits.");
        md.AppendLine();
    }

    private static void Attack(StringBuilder md, int number, Attack attack, IReadOnlyList<CaseResult> cases, RunResult run)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"## {number}. {attack.Title}");
        md.AppendLine();
        md.AppendLine("| attack | answers | RSS growth | places held after 10 s | met/missed |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var result in cases)
        {
            if (result.Skipped is { } reason)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(result.Name)} | skipped: {Cell(reason)} | - | - | skipped |");
                continue;
            }

            var places = result.PlacesHeld switch
            {
                < 0 => "unknown (GetServerInfo did not answer)",
                0 => result.PlacesBackAfter is { } back && back > TimeSpan.FromMilliseconds(300) ? $"0 (all back after {back.TotalSeconds:F1} s)" : "0",
                var held => $"**{held}**",
            };
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(result.Name)} ({result.Wall.TotalSeconds:F1} s) | {AnswersCell(result)} | {result.RssGrowthMb:F0} MB | {places} | {MetCell(result)} |");
        }

        md.AppendLine();
        foreach (var result in cases.Where(c => c.Skipped is null))
        {
            Details(md, result, run, cases.Count > 1);
        }

        md.AppendLine();
    }

    private static string AnswersCell(CaseResult result)
    {
        if (result.Answers.Count == 0)
        {
            return "none";
        }

        return string.Join("<br>", result.Answers.GroupBy(a => (a.Call, a.Outcome, a.Kind, a.Expected)).Select(g =>
        {
            var count = g.Count() > 1 ? $" x{g.Count()}" : string.Empty;
            var mark = g.Key.Kind == AnswerKind.Unusable ? " **(unusable)**" : g.Key.Expected ? string.Empty : " (not the expected answer)";
            return Cell($"{g.Key.Call}: {g.Key.Outcome}{count}") + mark;
        }));
    }

    private static string MetCell(CaseResult result)
    {
        var missed = new List<string>();
        if (!result.AnswersMet)
        {
            missed.Add(result.Unusable ? "unusable answer" : "answers");
        }

        if (!result.RssMet)
        {
            missed.Add($"RSS >= {CaseResult.RssTargetMb:F0} MB");
        }

        if (!result.PlacesMet)
        {
            missed.Add("places held");
        }

        missed.AddRange(result.Checks.Where(c => !c.Met).Select(c => c.Name));
        return missed.Count == 0 ? "met" : "**missed**: " + Cell(string.Join("; ", missed));
    }

    private static void Details(StringBuilder md, CaseResult result, RunResult run, bool named)
    {
        var prefix = named ? $"{result.Name}: " : string.Empty;
        foreach (var group in result.Answers.Where(a => !string.IsNullOrWhiteSpace(a.Detail)).GroupBy(a => (a.Call, a.Outcome)))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {prefix}{group.Key.Call} {group.Key.Outcome}: \"{Short(group.First().Detail!)}\"");
        }

        foreach (var check in result.Checks)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {prefix}{(check.Met ? "met" : "missed")}: {check.Name}{(check.Detail is null ? string.Empty : $" ({Short(check.Detail)})")}");
        }

        var finals = Slice(run.Finals, result.WellBehavedFinals);
        var meanwhile = finals.Count == 0 ? "no final arrived" : $"{finals.Count} finals, latency max {finals.Max():F0} ms";
        md.AppendLine(CultureInfo.InvariantCulture, $"- {prefix}well-behaved stream meanwhile: {meanwhile}");
        if (result.LogProblems.Count > 0)
        {
            var entries = string.Join("; ", Distinct(result.LogProblems).Select(e => $"`{Short(e).Replace('`', '\'')}`"));
            md.AppendLine(CultureInfo.InvariantCulture, $"- {prefix}server log meanwhile: {LogCounts(result.LogProblems)}: {entries}");
        }
    }

    private static void WellBehaved(StringBuilder md, RunResult run)
    {
        var alone = Percentiles.Of(run.Finals.Take(run.AloneFinals));
        var during = Percentiles.Of(run.Finals.Skip(run.AloneFinals));
        md.AppendLine("## Well-behaved stream");
        md.AppendLine();
        var verdict = alone.Count == 0 || during.Count == 0
            ? "not measured (no finals in one of the windows)"
            : during.P95 <= LatencyRatioTarget * alone.P95 ? "met" : "**missed**";
        var ratio = alone.Count > 0 && during.Count > 0 ? $"{during.P95 / alone.P95:F2}x" : "-";
        var ended = run.WellBehavedError is { } error ? $" The server ended it: {Short(error)}." : string.Empty;
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{run.WellBehavedSource}, looped, 20 ms Opus packets at real time over gRPC StreamingTranscribe (`stt bench`'s probe: time from sending the end of an utterance's audio to its first final). " +
            $"Final latency p95 alone {Ms(alone)} ({alone.Count} finals), during the attacks {Ms(during)} ({during.Count} finals): {ratio} (target at most {LatencyRatioTarget}x): {verdict}.{ended}");
        md.AppendLine();
    }

    private static void Log(StringBuilder md, RunResult run)
    {
        md.AppendLine("## Server log");
        md.AppendLine();
        if (!run.LogAvailable)
        {
            md.AppendLine("Not read (no `--server-log`).");
            md.AppendLine();
            return;
        }

        md.AppendLine(CultureInfo.InvariantCulture,
            $"From the well-behaved stream's start to the attacks' end: {LogCounts(run.LogProblems)} (target none): {(run.LogProblems.Count == 0 ? "met" : "**missed**")}.");
        if (run.LogProblems.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("```");
            foreach (var line in Distinct(run.LogProblems).Take(20))
            {
                md.AppendLine(Short(line));
            }

            md.AppendLine("```");
        }

        if (run.LogBefore.Count > 0)
        {
            md.AppendLine();
            var entries = string.Join("; ", Distinct(run.LogBefore).Select(e => $"`{Short(e).Replace('`', '\'')}`"));
            md.AppendLine(CultureInfo.InvariantCulture, $"Before (starting up): {LogCounts(run.LogBefore)}: {entries}.");
        }

        md.AppendLine();
    }

    private static void Outcome(StringBuilder md, RunResult run)
    {
        var cases = run.Attacks.SelectMany(a => a.Cases).ToList();
        md.AppendLine("## Outcome");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{cases.Count(c => c.Met)} of {cases.Count} attack rows met every target ({cases.Count(c => c.Skipped is not null)} skipped). " +
            $"Live streams open 10 s after the attacks ended: {(run.HeldAtEnd < 0 ? "unknown" : run.HeldAtEnd.ToString(CultureInfo.InvariantCulture))}.");
        md.AppendLine();
        if (run.Failures.Count == 0)
        {
            md.AppendLine("Exit code 0: no unusable answer, the server stayed up, no place left held.");
        }
        else
        {
            md.AppendLine("Exit code 1:");
            md.AppendLine();
            foreach (var failure in run.Failures)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Short(failure)}");
            }
        }
    }

    /// <summary>"2 Error-level entries, 3 entries with a stack trace (27 `at` lines)".</summary>
    private static string LogCounts(IReadOnlyList<LogEntry> entries) =>
        $"{entries.Count(e => e.IsError)} Error-level entries (`fail:`/`crit:`), {entries.Count(e => e.StackFrames > 0)} entries with a stack trace " +
        $"({entries.Sum(e => e.StackFrames)} `   at ` lines)";

    /// <summary>Each distinct entry once, with how often it came: "fail: Category[711] message (x3)".</summary>
    private static IEnumerable<string> Distinct(IReadOnlyList<LogEntry> entries) =>
        entries.GroupBy(e => e.ToString()).Select(g => g.Count() > 1 ? $"{g.Key} (x{g.Count()})" : g.Key);

    private static List<double> Slice(IReadOnlyList<double> finals, (int Start, int End) range) =>
        finals.Skip(range.Start).Take(Math.Max(0, range.End - range.Start)).ToList();

    private static string Ms(Percentiles p) => p.Count == 0 ? "-" : $"{p.P95:F0} ms";

    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= DetailLength ? line : line[..DetailLength] + "...";
    }

    private static string Cell(string text) => Short(text).Replace("|", "\\|", StringComparison.Ordinal);
}
