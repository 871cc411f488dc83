using System.Text.Json;
using Spectre.Console;

namespace Stt.Cli.Bench;

/// <summary>The benchmark's results as a table and as JSON.</summary>
internal static class BenchReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Print(IReadOnlyList<LoadResult> loads, DirectResult? direct, int? capacity, double boundMs)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 180; // a log file is not a terminal: do not squeeze the tables
        }

        if (loads.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("Live streams (ms: p50 / p95 / p99 / max)")
                .AddColumns("Streams", "Finals", "Final latency", "First interim", "Interim gap p50", "Model s / audio s", "Server CPU s / audio s", "RSS idle / peak MB", "Errors", "Refused in ms (p50 / max)", "Server's capacity estimate", "Valid");
            foreach (var r in loads)
            {
                table.AddRow(
                    r.Streams.ToString(),
                    r.FinalLatencyMs.Count.ToString(),
                    Colour(r.FinalLatencyMs.ToString(), r.FinalLatencyMs.P95 <= boundMs),
                    r.FirstInterimMs.ToString(),
                    double.IsNaN(r.InterimGapMs.P50) ? "-" : $"{r.InterimGapMs.P50:F0}",
                    $"{r.RealTimeFactor:F2}",
                    r.ServerCpuPerAudioSecond is { } cpu ? $"{cpu:F3}" : "-",
                    r.IdleRssMb is { } idle ? $"{idle:F0} / {r.PeakRssMb:F0}" : "-",
                    $"{r.Errors} errors, {r.Rejected} rejected",
                    r.RejectionMs.Count == 0 ? "-" : $"{r.RejectionMs.P50:F0} / {r.RejectionMs.Max:F0}",
                    r.EstimatedCapacity?.ToString() ?? "-",
                    r.Invalid ? $"[red]no: client lagged {r.MaxSendLagMs:F0} ms[/]" : "yes");
            }

            AnsiConsole.Write(table);
            foreach (var message in loads.SelectMany(l => l.ErrorMessages).Distinct())
            {
                AnsiConsole.MarkupLine($"[yellow]a call ended with[/] {Markup.Escape(message)}");
            }
        }

        if (capacity is { } n)
        {
            AnsiConsole.MarkupLine($"Capacity: [bold]{n}[/] concurrent real-time streams with p95 final latency <= {boundMs:F0} ms and no errors.");
        }

        if (direct is not null)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"Baseline: Whisper.net in-process ({Markup.Escape(direct.Model)}, {direct.Threads} thread(s))")
                .AddColumns("Measure", "Value");
            table.AddRow("Audio", $"{direct.AudioSeconds:F1} s");
            table.AddRow("Direct, one pass per clip", $"{direct.DirectSeconds:F2} s");
            table.AddRow("Unary Transcribe, same clips", $"{direct.UnarySeconds:F2} s");
            table.AddRow("Overhead ratio (unary / direct)", $"{direct.OverheadRatio:F2}");
            table.AddRow("Streaming compute amplification", $"{direct.ComputeAmplification:F2} ({direct.StreamingInferenceSeconds:F2} s in the model for one real-time stream)");
            table.AddRow($"{direct.ConcurrentUnaryCalls} concurrent unary calls", $"{direct.ConcurrentUnaryRealTime:F1}x real time in aggregate ({direct.ConcurrentUnaryWallSeconds:F2} s for {direct.ConcurrentUnaryAudioSeconds:F0} s)");
            AnsiConsole.Write(table);
        }
    }

    public static async Task WriteJsonAsync(string path, IReadOnlyList<LoadResult> loads, DirectResult? direct, int? capacity, double boundMs, CancellationToken cancellationToken)
    {
        var document = new
        {
            machine = new { Environment.ProcessorCount, os = Environment.OSVersion.ToString() },
            latencyBoundMs = boundMs,
            capacity,
            loads,
            direct,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, Json), cancellationToken);
    }

    public static void PrintSoak(SoakResult soak)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Soak: {soak.SequentialStreams} short streams in sequence, then {soak.ConcurrentStreams} at once ({soak.Minutes:F1} min)")
            .AddColumns("", "RSS MB", "Threads", "Handles");
        foreach (var (name, s) in new[] { ("baseline (after warm-up)", soak.Baseline), ("peak", soak.Peak), ("after (10 s quiet)", soak.After) })
        {
            table.AddRow(name, $"{s.RssMb:F0}", s.Threads.ToString(), s.Handles.ToString());
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{soak.Errors} errors, {soak.Rejected} refused, {soak.StreamsLeftOpen} streams left open: "
            + (soak.Clean ? "[green]clean[/] (nothing left open, no errors)" : "[red]failed[/] (streams left open or errors)")
            + "; resources " + (soak.ResourcesReturned ? "[green]returned[/]" : "[yellow]not back within 10%[/]") + " (target: RSS, threads and handles within 10%)");
    }

    public static async Task WriteSoakJsonAsync(string path, SoakResult soak, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { soak, soak.Clean, soak.ResourcesReturned }, Json), cancellationToken);

    private static string Colour(string text, bool good) => good ? $"[green]{text}[/]" : $"[red]{text}[/]";
}
