namespace Stt.Core.Streaming;

/// <summary>The transcript of a whole file.</summary>
/// <param name="Segments">Final segments in time order.</param>
/// <param name="Duration">Length of the decoded audio.</param>
/// <param name="Summary">Totals of the stream that transcribed it: what the speech detector passed, what was dropped.</param>
public sealed record FileTranscript(IReadOnlyList<SegmentEvent> Segments, TimeSpan Duration, StreamSummary Summary)
{
    /// <summary>Wall time spent in the model.</summary>
    public TimeSpan Inference => Summary.Inference;

    /// <summary>The segment texts joined by single spaces.</summary>
    public string Text => string.Join(' ', Segments.Select(s => s.Text));

    /// <summary>The language most segments were in, or null when there are none.</summary>
    public string? Language => Segments.GroupBy(s => s.Language).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
}
