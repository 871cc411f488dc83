using System.IO.Compression;
using System.Text;

namespace Stt.Core.Inference;

/// <summary>
/// Whether a reduced-context pass failed the way vanilla Whisper models fail at a reduced context: the decoder does not
/// know when to stop and repeats itself. Its signature, as Whisper's own fallback reads it: the pass reached its token cap,
/// its text compresses too well (zlib ratio above Whisper's 2.4: repetition), or it stopped long before the end of its audio.
/// </summary>
internal static class ReducedContextCheck
{
    /// <summary>Whisper's compression ratio threshold.</summary>
    public const double MaxCompressionRatio = 2.4;

    /// <summary>Audio long enough that a pass covering under half of it has stopped early, not just met silence.</summary>
    private static readonly TimeSpan CoverageCheckedFrom = TimeSpan.FromSeconds(2);

    public static bool LooksLikeALoop(Transcript transcript, TimeSpan audio) =>
        transcript.Capped
        || CompressionRatio(transcript.Text) > MaxCompressionRatio
        || (audio >= CoverageCheckedFrom && transcript.Segments.Count > 0 && transcript.Segments[^1].End < audio / 2);

    /// <summary>UTF-8 length over zlib-compressed length, as Whisper computes it; 0 for empty text.</summary>
    public static double CompressionRatio(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(bytes);
        }

        return bytes.Length / (double)compressed.Length;
    }
}
