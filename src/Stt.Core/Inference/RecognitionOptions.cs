namespace Stt.Core.Inference;

/// <summary>What one pass should produce.</summary>
/// <param name="Language">ISO 639-1 code, or "auto" to detect.</param>
/// <param name="Translate">Translate to English instead of transcribing.</param>
/// <param name="Prompt">Text that primes the decoder (names, domain words), or null.</param>
/// <param name="WordTimestamps">Return per-word timings.</param>
/// <param name="Threads">Threads for this pass; 0 = the engine's configured threads per worker.</param>
/// <param name="Context">The encoder context this pass asks for (a model that tolerates a reduced one always gets it).</param>
public sealed record RecognitionOptions(
    string Language, bool Translate = false, string? Prompt = null, bool WordTimestamps = false, int Threads = 0, EncoderContext Context = EncoderContext.Full)
{
    /// <summary>Language value that asks the model to detect the language.</summary>
    public const string AutoLanguage = "auto";
}
