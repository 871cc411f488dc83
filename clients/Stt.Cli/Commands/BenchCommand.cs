using System.CommandLine;
using Spectre.Console;
using Stt.Cli.Accuracy;
using Stt.Cli.Bench;

namespace Stt.Cli.Commands;

/// <summary>`stt bench`: load a server with real-time streams and measure what users feel; or `--direct` for the baseline.</summary>
internal static class BenchCommand
{
    private static readonly int[] RampSteps = [1, 2, 4, 6, 8, 10, 12, 14, 16, 20, 24, 32];

    public static Command Create()
    {
        var streams = new Option<int>("--streams", "-n") { Description = "Concurrent streams", DefaultValueFactory = _ => 1 };
        var ramp = new Option<bool>("--ramp") { Description = "Step the streams up (1, 2, 4, 6, 8, ...) until p95 final latency passes twice the bound; capacity is the largest N within it" };
        var duration = new Option<double>("--duration") { Description = "Seconds of audio per stream (clips loop to fill it)", DefaultValueFactory = _ => 30 };
        var rate = new Option<double>("--rate") { Description = "Real-time speed of each stream", DefaultValueFactory = _ => 1.0 };
        var audio = new Option<string?>("--audio") { Description = "Folder of speech recordings (default: ../shared/audio when present, else generated speech)" };
        var bound = new Option<double>("--latency-bound") { Description = "p95 final latency bound for --ramp, seconds (the admission bound shipped)", DefaultValueFactory = _ => 2.0 };
        var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file" };
        var direct = new Option<bool>("--direct") { Description = "Baseline: the clips through Whisper.net in-process vs the server's unary and streaming calls" };
        var concurrent = new Option<int>("--unary-calls") { Description = "With --direct: concurrent Transcribe calls of the longest clip", DefaultValueFactory = _ => 8 };
        var cache = new Option<string?>("--cache") { Description = "With --direct: model cache folder (default: the server's)" };
        var wer = new Option<string?>("--wer") { Description = "Accuracy: transcribe the recordings under this folder (LibriSpeech *.trans.txt, or NAME.txt beside NAME.wav) offline and streaming, and report word error rates" };
        var together = new Option<bool>("--together") { Description = "Start all streams at the same moment (an admission-control test) instead of a little apart" };
        var soak = new Option<bool>("--soak") { Description = "Leak test: short streams in sequence, then --soak-streams at once, for --duration; checks memory, threads and handles come back (needs the server's process: local)" };
        var soakStreams = new Option<int>("--soak-streams") { Description = "With --soak: streams at once in the second half", DefaultValueFactory = _ => 24 };
        var pid = new Option<int?>("--server-pid") { Description = "Process id of the server, for its CPU and memory (default: the one local Stt.Server process, if any)" };
        var minFinals = new Option<int>("--min-finals") { Description = "With --ramp: lengthen each step until it can give at least this many finals (a p95 of fewer means little)", DefaultValueFactory = _ => 40 };
        var rampFrom = new Option<int>("--ramp-from") { Description = "With --ramp: the first step (1, 2, 4, 6, 8, ...)", DefaultValueFactory = _ => 1 };
        var language = new Option<string>("--language") { Description = "With --wer: the spoken language (the normaliser is English)", DefaultValueFactory = _ => "en" };
        var command = new Command("bench", "Measure latency and capacity under real-time load, or accuracy with --wer")
        {
            streams, ramp, duration, rate, audio, bound, json, direct, concurrent, cache, wer, language, pid, together, soak, soakStreams, minFinals, rampFrom,
        };
        command.SetAction((result, cancellationToken) => Failures.RunAsync(async () =>
        {
            using var client = GlobalOptions.Client(result, retryWhenFull: false); // it measures the server's own refusals
            if (result.GetValue(wer) is { } references)
            {
                return await MeasureAccuracyAsync(client, references, result.GetValue(language)!, result.GetValue(rate), result.GetValue(json), cancellationToken);
            }

            var folder = result.GetValue(audio) ?? (Directory.Exists(Path.Combine("..", "shared", "audio")) ? Path.Combine("..", "shared", "audio") : null);
            void Say(string text) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
            var clips = await BenchClip.LoadAsync(folder, Say, cancellationToken);
            Say($"{clips.Count} clips, {clips.Sum(c => c.Duration.TotalSeconds):F0} s of speech{(folder is null ? string.Empty : $" from {folder}")}");
            var boundMs = result.GetValue(bound) * 1000;

            // Connect (and compile the client's call path) before anything is timed.
            await client.Raw.GetServerInfoAsync(new V1.GetServerInfoRequest(), cancellationToken: cancellationToken);
            var server = result.GetValue(pid) is { } serverPid ? new ServerProcessStats(serverPid)
                : GlobalOptions.Address(result).IsLoopback ? ServerProcessStats.FindLocal() : null;
            Say(server is null ? "server CPU and memory: not measured (no single local Stt.Server process found)" : $"server process {server.Pid}: CPU and memory measured");

            var loads = new List<LoadResult>();
            int? capacity = null;
            DirectResult? baseline = null;
            var length = TimeSpan.FromSeconds(result.GetValue(duration));
            if (result.GetValue(soak))
            {
                if (server is null)
                {
                    return Failures.Report(ExitCodes.Usage, "--soak watches the server process: run it on the server's machine (or pass --server-pid)");
                }

                var soaked = await SoakRun.RunAsync(client.Raw, clips, length, result.GetValue(soakStreams), server, Say, cancellationToken);
                BenchReport.PrintSoak(soaked);
                if (result.GetValue(json) is { } soakJson)
                {
                    await BenchReport.WriteSoakJsonAsync(soakJson, soaked, cancellationToken);
                }

                return soaked.Clean ? ExitCodes.Ok : ExitCodes.ServerError;
            }

            if (result.GetValue(direct))
            {
                baseline = await DirectBaseline.RunAsync(client.Raw, clips, result.GetValue(cache), result.GetValue(concurrent), Say, cancellationToken);
            }
            else if (result.GetValue(ramp))
            {
                capacity = 0;
                var finalsPerStreamSecond = 0.2; // a guess for the first step; measured after it
                foreach (var n in RampSteps.Where(n => n >= result.GetValue(rampFrom)))
                {
                    var stepLength = TimeSpan.FromSeconds(Math.Clamp(result.GetValue(minFinals) / (n * finalsPerStreamSecond), length.TotalSeconds, 300));
                    Say($"{n} streams for {stepLength.TotalSeconds:F0} s...");
                    var load = await LoadRun.RunAsync(client.Raw, clips, n, stepLength, result.GetValue(rate), server, cancellationToken);
                    loads.Add(load);
                    finalsPerStreamSecond = Math.Max(0.05, load.FinalLatencyMs.Count / (n * stepLength.TotalSeconds));
                    if (load.Within(boundMs))
                    {
                        capacity = n;
                    }
                    else if (load.Errors > 0 || load.Invalid || !load.Within(2 * boundMs))
                    {
                        break; // far past the bound: more streams only take longer to say so
                    }
                }
            }
            else
            {
                var n = Math.Max(1, result.GetValue(streams));
                Say($"{n} stream(s) for {length.TotalSeconds:F0} s...");
                loads.Add(await LoadRun.RunAsync(client.Raw, clips, n, length, result.GetValue(rate), server, cancellationToken, result.GetValue(together)));
            }

            BenchReport.Print(loads, baseline, capacity, boundMs);
            if (result.GetValue(json) is { } path)
            {
                await BenchReport.WriteJsonAsync(path, loads, baseline, capacity, boundMs, cancellationToken);
            }

            return loads.Any(l => l.Errors > 0) ? ExitCodes.ServerError : ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<int> MeasureAccuracyAsync(Client.SpeechClient client, string folder, string language, double rate, string? json, CancellationToken cancellationToken)
    {
        void Say(string text) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
        var items = ReferenceSet.Load(folder, Say);
        if (items.Count == 0)
        {
            return Failures.Report(ExitCodes.Usage, $"no recordings with reference transcripts under {folder} (expected *.trans.txt or NAME.txt beside NAME.wav)");
        }

        Say($"{items.Count} recordings with references; streaming at {rate:0.##}x real time");
        var results = await AccuracyRun.RunAsync(client, items, language, rate, Say, cancellationToken);
        AccuracyReport.Print(results);
        if (json is not null)
        {
            await AccuracyReport.WriteJsonAsync(json, results, cancellationToken);
        }

        return ExitCodes.Ok;
    }
}
