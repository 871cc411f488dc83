using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Stt.Abuse.Report.Audio;
using Stt.V1;

namespace Stt.Abuse.Report;

/// <summary>
/// The run: waits for the server, starts the well-behaved stream and lets it run alone, runs every attack case, closes
/// the stream, checks that no place is left, reads the server's log, and says whether the run fails.
/// </summary>
internal static class AbuseRun
{
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(3);

    public static async Task<RunResult> ExecuteAsync(RunSettings settings)
    {
        using var target = new Target(settings.Grpc, settings.Web, settings.Management);
        await using var server = new ServerWatch(settings.ServerPid);
        var log = new ServerLog(settings.ServerLog);
        var failures = new List<string>();
        var info = await WaitUntilServingAsync(target, server);
        if (info is null)
        {
            failures.Add($"the server did not answer GetServerInfo within {StartBound.TotalSeconds:F0} s");
            return new RunResult(null, target.SeparateCallers, "-", [], [], 0, null, -1, log.Available, [], log.Problems(0, log.Position), failures);
        }

        var idle = info.Limits.StreamIdleTimeout.ToTimeSpan();
        await WarmUpAsync(target);
        var logFrom = log.Position;
        var wellBehaved = new WellBehavedStream();
        Say($"the well-behaved stream ({wellBehaved.Source}) runs alone for {settings.Sizes.Alone.TotalSeconds:F0} s");
        wellBehaved.Start(target.WellBehaved);
        await Task.Delay(settings.Sizes.Alone);
        var alone = wellBehaved.FinalCount;

        var runner = new CaseRunner(target, settings.Sizes, idle, server, log, new FfmpegCalls(settings.FfmpegLog), wellBehaved);
        var attacks = new List<(Attack, IReadOnlyList<CaseResult>)>();
        foreach (var (attack, number) in Catalog.Create(settings.Sizes).Select((a, i) => (a, i + 1)))
        {
            Say($"{number}. {attack.Title}");
            var cases = new List<CaseResult>();
            foreach (var attackCase in attack.Cases)
            {
                cases.Add(await runner.RunAsync(attackCase, CancellationToken.None));
            }

            attacks.Add((attack, cases));
        }

        var logTo = log.Position; // before the well-behaved stream is cancelled on purpose
        var wellBehavedOpen = wellBehaved.IsOpen;
        await wellBehaved.StopAsync();
        var finals = wellBehaved.Finals(0, int.MaxValue);
        Say("the attacks are over: waiting up to 10 s for every place to come back");
        var (held, _) = server.Alive ? await runner.PlacesAfterAsync(0, CancellationToken.None) : (-1, null);

        foreach (var (attack, cases) in attacks)
        {
            failures.AddRange(cases.Where(c => c.Unusable).Select(c =>
                $"{attack.Title} / {c.Name}: " + string.Join(", ", c.Answers.Where(a => a.Kind == AnswerKind.Unusable).Select(a => $"{a.Call} {a.Outcome}").Distinct())));
        }

        if (!server.Alive)
        {
            failures.Add("the server process died");
        }

        if (held != 0)
        {
            failures.Add(held < 0 ? "the server did not say how many streams are open after the attacks" : $"{held} live streams still open 10 s after the attacks ended");
        }

        if (wellBehaved.Error is { } error && (error.StartsWith("Internal", StringComparison.Ordinal) || error.StartsWith("Unknown", StringComparison.Ordinal)))
        {
            failures.Add($"the well-behaved stream ended with {error}");
        }
        else if (!wellBehavedOpen && wellBehaved.Error is null)
        {
            Say("the well-behaved stream had ended before the attacks did");
        }

        return new RunResult(info, target.SeparateCallers, wellBehaved.Source, attacks, finals, alone, wellBehaved.Error, held, log.Available, log.Problems(logFrom, logTo), log.Problems(0, logFrom), failures);
    }

    /// <summary>Asks GetServerInfo until the server answers (it writes the synthetic model on its first start).</summary>
    private static async Task<ServerInfo?> WaitUntilServingAsync(Target target, ServerWatch server)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartBound && server.Alive)
        {
            try
            {
                return await target.Observer.GetServerInfoAsync(new GetServerInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
            }
            catch (RpcException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        return null;
    }

    /// <summary>One short file, so the first measured final does not pay for a cold start.</summary>
    private static async Task WarmUpAsync(Target target)
    {
        try
        {
            var request = new TranscribeRequest { Content = ByteString.CopyFrom(AttackAudio.ShortWav()), Language = "en" };
            await target.Observer.TranscribeAsync(request, deadline: DateTime.UtcNow.AddMinutes(1));
        }
        catch (RpcException ex)
        {
            Say($"warm-up Transcribe failed: {ex.Status}");
        }
    }

    private static void Say(string message) => Console.Error.WriteLine($"== {message}");
}
