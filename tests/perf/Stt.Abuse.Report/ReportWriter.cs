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
        var idle = run.Server?.Limits.StreamIdleTimeout.ToTimeSpan().ToString("c", CultureInfo.InvariantCulture) ?? "unknown";
        md.AppendLine(CultureInfo.InvariantCulture, $"Server: commit `{settings.Commit}`, Release build, model {model}, on {Environment.ProcessorCount} cores; " +
            $"shipped settings except `Stt__Streams__IdleTimeout={idle}`, so that attacks which hold a stream until the idle deadline end within the run. " +
            $"{(settings.Sizes.Smoke ? "Smoke sizes (`--smoke`)." : "Full sizes.")}");
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
            md.AppendLine(CultureInfo.InvariantCulture, $"- {prefix}server log meanwhile: {result.LogProblems.Count(l => !ServerLog.IsStackFrame(l))} error lines, " +
                $"{result.LogProblems.Count(ServerLog.IsStackFrame)} stack-trace lines; first: `{Short(result.LogProblems[0]).Replace('`', '\'')}`");
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

        var errors = run.LogProblems.Count(l => !ServerLog.IsStackFrame(l));
        var frames = run.LogProblems.Count(ServerLog.IsStackFrame);
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{errors} Error-level lines (`fail:`/`crit:`), {frames} stack-trace lines (`   at `) (target none): {(errors + frames == 0 ? "met" : "**missed**")}.");
        if (run.LogProblems.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("```");
            foreach (var line in run.LogProblems.Where(l => !ServerLog.IsStackFrame(l)).Take(12))
            {
                md.AppendLine(Short(line));
            }

            md.AppendLine("```");
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
