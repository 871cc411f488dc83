namespace Stt.Core.Models;

/// <summary>The hyper-parameters at the head of a whisper.cpp ggml model file.</summary>
/// <param name="VocabularySize">Tokens in the model, special tokens included (51864 English-only, 51865+ multilingual).</param>
/// <param name="AudioContext">Encoder positions (1500 = 30 s).</param>
/// <param name="AudioState">Encoder width.</param>
/// <param name="AudioHeads">Encoder attention heads.</param>
/// <param name="AudioLayers">Encoder layers.</param>
/// <param name="TextContext">Decoder positions (448).</param>
/// <param name="TextState">Decoder width.</param>
/// <param name="TextHeads">Decoder attention heads.</param>
/// <param name="TextLayers">Decoder layers.</param>
/// <param name="MelBins">Mel filter bank size (80 or 128).</param>
/// <param name="FileType">Weight type code (0 = f32, 1 = f16, higher = quantized; plus 1000 x quantization version).</param>
public sealed record GgmlHyperParameters(
    int VocabularySize,
    int AudioContext,
    int AudioState,
    int AudioHeads,
    int AudioLayers,
    int TextContext,
    int TextState,
    int TextHeads,
    int TextLayers,
    int MelBins,
    int FileType)
{
    /// <summary>whisper.cpp treats a model with at least this many tokens as multilingual.</summary>
    public const int MultilingualVocabularySize = 51865;

    /// <summary>True when the model can detect and transcribe languages other than English.</summary>
    public bool IsMultilingual => VocabularySize >= MultilingualVocabularySize;
}
