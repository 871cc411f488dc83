namespace Stt.Core.Models;

/// <summary>The model being served.</summary>
/// <param name="Name">As configured: a known name, "synthetic", or the file name of a local path.</param>
/// <param name="Path">The ggml file.</param>
/// <param name="HyperParameters">Its dimensions.</param>
/// <param name="IsSynthetic">Random weights: transcripts are meaningless.</param>
/// <param name="FileBytes">Size of the file.</param>
public sealed record LoadedModel(string Name, string Path, GgmlHyperParameters HyperParameters, bool IsSynthetic, long FileBytes);
