using System.Globalization;
using System.IO.Compression;
using System.Text;
using Stt.Core.Streaming;

namespace Stt.Server.OpenAi;

/// <summary>
/// A file's transcript in the <c>response_format</c> asked for. <c>verbose_json</c> carries what Whisper's own output
/// has, from our segments: <c>avg_logprob</c> is the log of the mean token probability, <c>tokens</c> is empty,
/// <c>temperature</c> 0 and <c>seek</c> the segment's start in 10 ms frames.
/// </summary>
internal static class TranscriptResponses
{
    public static IResult For(TranscriptFormat format, FileTranscript transcript, bool translated, bool words) => format switch
    {
        TranscriptFormat.Text => Results.Text(transcript.Text + "\n", "text/plain", Encoding.UTF8),
        TranscriptFormat.Srt => Results.Text(Subtitles.Srt(transcript.Segments), "text/plain", Encoding.UTF8),
        TranscriptFormat.Vtt => Results.Text(Subtitles.Vtt(transcript.Segments), "text/vtt", Encoding.UTF8),
        TranscriptFormat.VerboseJson => Results.Json(Verbose(transcript, translated, words), OpenAiJson.OmitNulls),
        _ => Results.Json(new { text = transcript.Text, usage = Usage(transcript.Duration) }, OpenAiJson.Options),
    };

    /// <summary>Billing-style usage: the seconds of audio heard.</summary>
    public static object Usage(TimeSpan audio) => new { type = "duration", seconds = Math.Round(audio.TotalSeconds, 3) };

    private static object Verbose(FileTranscript transcript, bool translated, bool words) => new
    {
        task = translated ? "translate" : "transcribe",
        language = LanguageName(transcript.Language),
        duration = Math.Round(transcript.Duration.TotalSeconds, 3),
        text = transcript.Text,
        segments = transcript.Segments.Select((s, i) => new
        {
            id = i,
            seek = (int)(s.Start.TotalMilliseconds / 10),
            start = Seconds(s.Start),
            end = Seconds(s.End),
            text = s.Text,
            tokens = Array.Empty<int>(),
            temperature = 0.0,
            avg_logprob = Math.Round(Math.Log(Math.Max(s.Confidence, 1e-6f)), 4),
            compression_ratio = Math.Round(CompressionRatio(s.Text), 4),
            no_speech_prob = Math.Round(s.NoSpeechProbability, 4),
        }).ToList(),
        words = words ? transcript.Segments.SelectMany(s => s.Words).Select(w => new { word = w.Text.Trim(), start = Seconds(w.Start), end = Seconds(w.End) }).ToList() : null,
        usage = Usage(transcript.Duration),
    };

    /// <summary>OpenAI names the language in English, lower case ("english"); the code when the name is unknown.</summary>
    private static string LanguageName(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return string.Empty;
        }

        try
        {
            var culture = CultureInfo.GetCultureInfo(code);
            return culture.ThreeLetterISOLanguageName.Length > 0 && culture.EnglishName != code && !culture.EnglishName.StartsWith("Unknown", StringComparison.Ordinal)
                ? culture.EnglishName.ToLowerInvariant()
                : code;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    /// <summary>Whisper's measure of repetition: UTF-8 bytes over their zlib-compressed size.</summary>
    private static double CompressionRatio(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
        {
            return 0;
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(bytes);
        }

        return (double)bytes.Length / compressed.Length;
    }

    private static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 3);
}
