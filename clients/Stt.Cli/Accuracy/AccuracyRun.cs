using Stt.Client;
using Stt.V1;

namespace Stt.Cli.Accuracy;

/// <summary>One recording's transcripts and errors, offline (unary Transcribe) and streaming (live Opus at the given rate).</summary>
internal sealed record AccuracyResult(ReferenceItem Item, string Offline, WordErrors OfflineErrors, string Streaming, WordErrors StreamingErrors);

/// <summary>Transcribes every recording both ways and scores each against its reference.</summary>
internal static class AccuracyRun
{
    public static async Task<List<AccuracyResult>> RunAsync(
        SpeechClient client, IReadOnlyList<ReferenceItem> items, string language, double rate, Action<string> say, CancellationToken cancellationToken)
    {
        var results = new List<AccuracyResult>();
        foreach (var item in items)
        {
            var offline = (await client.TranscribeFileAsync(item.AudioPath, new TranscribeRequest { Language = language }, cancellationToken)).Text;
            var streaming = await StreamAsync(client, item.AudioPath, language, rate, cancellationToken);
            var result = new AccuracyResult(item, offline, WordErrors.Between(item.Reference, offline), streaming, WordErrors.Between(item.Reference, streaming));
            say($"{item.Name}: offline {result.OfflineErrors.Rate:P1}, streaming {result.StreamingErrors.Rate:P1}");
            results.Add(result);
        }

        return results;
    }

    /// <summary>The finals of a live stream, joined in order. Interims are not asked for: only finals count.</summary>
    private static async Task<string> StreamAsync(SpeechClient client, string path, string language, double rate, CancellationToken cancellationToken)
    {
        var options = new SpeechStreamOptions { Language = language, InterimResults = false, Pacing = Pacing.RealTime, Rate = rate };
        var finals = new List<string>();
        await foreach (var response in client.StreamFileAsync(path, options, cancellationToken))
        {
            if (response.Segment is { IsFinal: true } final)
            {
                finals.Add(final.Text.Trim());
            }
        }

        return string.Join(' ', finals.Where(t => t.Length > 0));
    }
}
