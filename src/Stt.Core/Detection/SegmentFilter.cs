using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Stt.Core.Inference;

namespace Stt.Core.Detection;

/// <summary>
/// The defences after the model against text nobody said, applied to every pass's segments:
/// <list type="bullet">
/// <item><b>no speech</b>: Whisper's own rule, a segment whose no-speech probability is above
/// <see cref="InferenceOptions.NoSpeechThreshold"/> while its average token log-probability is below
/// <see cref="InferenceOptions.LogProbThreshold"/> is dropped (the model thinks the window is silent and is unsure of its words);</item>
/// <item><b>annotation</b>: sound descriptions and music marks (<c>[music]</c>, <c>(applause)</c>, <c>♪</c>) are removed, as
/// OpenAI's decoder suppresses their tokens; a segment left with nothing is dropped.</item>
/// </list>
/// A speaker's words are never removed by the second rule: only bracketed spans and symbols are.
/// </summary>
public sealed partial class SegmentFilter(IOptions<InferenceOptions> options)
{
    /// <summary>A filter with the default thresholds.</summary>
    public static SegmentFilter Default { get; } = new(Options.Create(new InferenceOptions()));

    /// <summary>Keeps what a speaker may have said; counts what each defence dropped.</summary>
    public FilteredSegments Apply(IReadOnlyList<TranscriptSegment> segments)
    {
        var settings = options.Value;
        List<TranscriptSegment>? kept = null;
        int noSpeech = 0, annotation = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            TranscriptSegment? keep = segment;
            if (segment.NoSpeechProbability > settings.NoSpeechThreshold && segment.AverageLogProbability < settings.LogProbThreshold)
            {
                keep = null;
                noSpeech++;
            }
            else if (settings.DropAnnotations && Annotation().IsMatch(segment.Text))
            {
                var text = Spaces().Replace(Annotation().Replace(segment.Text, " "), " ").Trim();
                if (text.Any(char.IsLetterOrDigit))
                {
                    keep = segment with { Text = text, Words = [.. segment.Words.Where(w => Annotation().Replace(w.Text, string.Empty).Any(char.IsLetterOrDigit))] };
                }
                else
                {
                    keep = null;
                    annotation++;
                }
            }

            if (!ReferenceEquals(keep, segment) && kept is null)
            {
                kept = [.. segments.Take(i)];
            }

            if (kept is not null && keep is not null)
            {
                kept.Add(keep);
            }
        }

        return new FilteredSegments(kept ?? segments, noSpeech, annotation);
    }

    /// <summary>A bracketed description (<c>[music]</c>, <c>(laughs)</c>, <c>*sighs*</c>) or a run of music symbols.</summary>
    [GeneratedRegex(@"\[[^\]]*\]|\([^)]*\)|\*[^*]+\*|[♩♪♫♬]+")]
    private static partial Regex Annotation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
