using System.Text.Json;
using Spectre.Console;

namespace Stt.Cli.Accuracy;

/// <summary>Word error rates per recording and over the set, as a table and as JSON.</summary>
internal static class AccuracyReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Print(IReadOnlyList<AccuracyResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Word error rate (S substitutions, D deletions, I insertions)")
            .AddColumns("Recording", "Words", "Offline WER", "Offline S/D/I", "Streaming WER", "Streaming S/D/I");
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Item.Name), r.OfflineErrors.ReferenceWords.ToString(), $"{r.OfflineErrors.Rate:P1}", Kinds(r.OfflineErrors),
                $"{r.StreamingErrors.Rate:P1}", Kinds(r.StreamingErrors));
        }

        var (offline, streaming) = Totals(results);
        table.AddRow("[bold]all[/]", offline.ReferenceWords.ToString(), $"[bold]{offline.Rate:P1}[/]", Kinds(offline), $"[bold]{streaming.Rate:P1}[/]", Kinds(streaming));
        AnsiConsole.Write(table);
    }

    public static async Task WriteJsonAsync(string path, IReadOnlyList<AccuracyResult> results, CancellationToken cancellationToken)
    {
        var (offline, streaming) = Totals(results);
        var document = new
        {
            offline = Summary(offline),
            streaming = Summary(streaming),
            recordings = results.Select(r => new
            {
                audio = r.Item.AudioPath,
                reference = r.Item.Reference,
                offline = new { text = r.Offline, errors = Summary(r.OfflineErrors) },
                streaming = new { text = r.Streaming, errors = Summary(r.StreamingErrors) },
            }),
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, Json), cancellationToken);
    }

    private static (WordErrors Offline, WordErrors Streaming) Totals(IReadOnlyList<AccuracyResult> results) =>
        (results.Aggregate(default(WordErrors), (sum, r) => sum + r.OfflineErrors), results.Aggregate(default(WordErrors), (sum, r) => sum + r.StreamingErrors));

    private static object Summary(WordErrors e) =>
        new { wer = e.Rate, referenceWords = e.ReferenceWords, substitutions = e.Substitutions, deletions = e.Deletions, insertions = e.Insertions };

    private static string Kinds(WordErrors e) => $"{e.Substitutions}/{e.Deletions}/{e.Insertions}";
}
