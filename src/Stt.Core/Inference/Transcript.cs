namespace Stt.Core.Inference;

/// <summary>The result of one pass: segments with times relative to the start of the buffer passed in.</summary>
/// <param name="Segments">Segments in time order.</param>
/// <param name="ProcessingTime">Wall time the pass took in the model.</param>
/// <param name="Capped">The decoder reached the pass's token cap (<see cref="InferenceOptions.MaxTokensPerSecond"/>): the signature of a loop.</param>
public sealed record Transcript(IReadOnlyList<TranscriptSegment> Segments, TimeSpan ProcessingTime, bool Capped = false)
{
    /// <summary>The segment texts joined by single spaces.</summary>
    public string Text => string.Join(' ', Segments.Select(s => s.Text).Where(t => t.Length > 0));
}
