namespace Stt.Core.Models;

/// <summary>
/// Dimensions of a synthetic model: the real ggml layout with random weights, for tests and benchmarks on
/// machines that cannot download real weights. Its transcripts are meaningless; its cost per pass is real.
/// </summary>
public sealed record SyntheticModelSpec(string Name, GgmlHyperParameters HyperParameters, int TextTokens)
{
    /// <summary>"synthetic": width 64, one layer each side, multilingual vocabulary. An ~8 MB file; fast, for tests.</summary>
    public static SyntheticModelSpec Small { get; } = new(
        "synthetic",
        new GgmlHyperParameters(51865, 1500, 64, 1, 1, 448, 64, 1, 1, 80, 1),
        TextTokens: 50257);

    /// <summary>"synthetic-tiny": the dimensions of tiny.en (~78 MB), as costly per pass as the real model; for benchmarks.</summary>
    public static SyntheticModelSpec TinyEn { get; } = new(
        "synthetic-tiny",
        new GgmlHyperParameters(51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1),
        TextTokens: 50256);

    /// <summary>The spec with this model name, or null.</summary>
    public static SyntheticModelSpec? Find(string name) =>
        string.Equals(name, Small.Name, StringComparison.OrdinalIgnoreCase) ? Small
        : string.Equals(name, TinyEn.Name, StringComparison.OrdinalIgnoreCase) ? TinyEn
        : null;
}
