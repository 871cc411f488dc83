namespace Stt.Core.Models;

/// <summary>
/// A synthetic model: the real ggml layout with random weights, for tests and benchmarks on machines that cannot
/// download real weights. Its cost per pass is real. With a <see cref="SyntheticDecoder.Random"/> decoder its
/// transcripts are meaningless; a <see cref="SyntheticDecoder.Scripted"/> one says a fixed word sequence, three
/// words per second of audio, as confidently as a real model on clear speech.
/// </summary>
/// <param name="Name">The name <c>Stt:Model</c> takes.</param>
/// <param name="HyperParameters">Dimensions, and the weight type (1 = f16, 2007 = q8_0, 2009 = q5_1).</param>
/// <param name="TextTokens">Tokens in the vocabulary the file carries (whisper.cpp adds the special tokens).</param>
/// <param name="Decoder">What the decoder does.</param>
public sealed record SyntheticModelSpec(string Name, GgmlHyperParameters HyperParameters, int TextTokens, SyntheticDecoder Decoder)
{
    /// <summary>"synthetic": width 64, one layer each side, multilingual vocabulary, random decoder. An ~8 MB file; fast, for tests.</summary>
    public static SyntheticModelSpec Small { get; } = new(
        "synthetic",
        new GgmlHyperParameters(51865, 1500, 64, 1, 1, 448, 64, 1, 1, 80, 1),
        TextTokens: 50257,
        SyntheticDecoder.Random);

    /// <summary>
    /// "synthetic-tiny": the dimensions of tiny.en (~78 MB, f16) with the scripted decoder: as costly per pass as the
    /// real model on speech, encoder and decoder; for benchmarks.
    /// </summary>
    public static SyntheticModelSpec TinyEn { get; } = Tiny("synthetic-tiny", 1, SyntheticDecoder.Scripted);

    /// <summary>"synthetic-tiny-q8_0": <see cref="TinyEn"/> with its matrices in q8_0, as <c>ggml-tiny.en-q8_0.bin</c> (~44 MB).</summary>
    public static SyntheticModelSpec TinyEnQ8 { get; } = Tiny("synthetic-tiny-q8_0", 2007, SyntheticDecoder.Scripted);

    /// <summary>"synthetic-tiny-q5_1": <see cref="TinyEn"/> with its matrices in q5_1, as <c>ggml-tiny.en-q5_1.bin</c> (~32 MB).</summary>
    public static SyntheticModelSpec TinyEnQ5 { get; } = Tiny("synthetic-tiny-q5_1", 2009, SyntheticDecoder.Scripted);

    /// <summary>
    /// "synthetic-tiny-random": tiny.en's dimensions with a random decoder (the earlier "synthetic-tiny"): few tokens
    /// per pass, each pass decoded six times by the temperature fallback.
    /// </summary>
    public static SyntheticModelSpec TinyEnRandom { get; } = Tiny("synthetic-tiny-random", 1, SyntheticDecoder.Random);

    /// <summary>Every synthetic model.</summary>
    public static IReadOnlyList<SyntheticModelSpec> All { get; } = [Small, TinyEn, TinyEnQ8, TinyEnQ5, TinyEnRandom];

    /// <summary>
    /// File name in the model cache. The version changes with the weights a name stands for, so a cache written by
    /// an earlier release is not mistaken for the current model.
    /// </summary>
    public string FileName => $"ggml-{Name}-v{(Decoder == SyntheticDecoder.Scripted ? 2 : 1)}.bin";

    /// <summary>The spec with this model name (case-insensitive), or null.</summary>
    public static SyntheticModelSpec? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static SyntheticModelSpec Tiny(string name, int fileType, SyntheticDecoder decoder) => new(
        name,
        new GgmlHyperParameters(51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, fileType),
        TextTokens: 50256,
        decoder);
}
