namespace Stt.Core.Models;

/// <summary>A model being served.</summary>
/// <param name="Name">As configured: a known name, a synthetic name, the file name of a local path, or an allowed model's name.</param>
/// <param name="Path">The ggml file.</param>
/// <param name="HyperParameters">Its dimensions.</param>
/// <param name="IsSynthetic">Random or scripted weights: transcripts are meaningless.</param>
/// <param name="FileBytes">Size of the file: what its weights hold in memory.</param>
public sealed record LoadedModel(string Name, string Path, GgmlHyperParameters HyperParameters, bool IsSynthetic, long FileBytes)
{
    /// <summary>The languages callers may ask of it (the first is its default); empty: every one it knows.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];
}
