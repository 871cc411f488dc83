namespace Stt.Core.Inference;

/// <summary>The result of one pass: segments with times relative to the start of the buffer passed in.</summary>
/// <param name="Segments">Segments in time order.</param>
/// <param name="ProcessingTime">Wall time the pass took in the model.</param>
/// <param name="Capped">The decoder reached the pass's token cap (<see cref="InferenceOptions.MaxTokensPerSecond"/>): the signature of a loop.</param>
/// <param name="Provisional">
/// It ran at a reduced encoder context the model is not known to tolerate: good enough to show, not to commit
/// (LocalAgreement confirms only what full-context passes say).
/// </param>
/// <param name="ContextFallback">A reduced-context pass showed a loop and was run again at the full context: this is that second run.</param>
public sealed record Transcript(
    IReadOnlyList<TranscriptSegment> Segments, TimeSpan ProcessingTime, bool Capped = false, bool Provisional = false, bool ContextFallback = false)
{
    /// <summary>The segment texts joined by single spaces.</summary>
    public string Text => string.Join(' ', Segments.Select(s => s.Text).Where(t => t.Length > 0));
}
