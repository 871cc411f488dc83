namespace Stt.Core.Streaming;

/// <summary>What a finished interim pass publishes.</summary>
/// <param name="Interim">The interim, or null.</param>
/// <param name="IsStale">Skipped: no result, its utterance ended, or a newer interim was published.</param>
internal sealed record InterimResult(SegmentEvent? Interim, bool IsStale)
{
    public static readonly InterimResult Stale = new(null, IsStale: true);

    /// <summary>The model kept no segment: nothing to show, not stale.</summary>
    public static readonly InterimResult Empty = new(null, IsStale: false);
}
