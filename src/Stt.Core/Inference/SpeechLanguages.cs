using Whisper.net;

namespace Stt.Core.Inference;

/// <summary>Languages Whisper knows, and the checks a request's language must pass for a model.</summary>
public static class SpeechLanguages
{
    private static readonly Lazy<HashSet<string>> Known = new(() =>
        new HashSet<string>(WhisperFactory.GetSupportedLanguages(), StringComparer.OrdinalIgnoreCase));

    /// <summary>Every language code Whisper knows (ISO 639-1, plus a few it adds).</summary>
    public static IReadOnlyCollection<string> All => Known.Value;

    /// <summary>The languages a model accepts: all of them plus "auto" when multilingual, else "en" and "auto".</summary>
    public static IReadOnlyList<string> For(bool multilingual) =>
        multilingual ? [RecognitionOptions.AutoLanguage, .. Known.Value.Order(StringComparer.Ordinal)] : [RecognitionOptions.AutoLanguage, "en"];

    /// <summary>True for "auto" and every code Whisper knows.</summary>
    public static bool IsKnown(string language) =>
        string.Equals(language, RecognitionOptions.AutoLanguage, StringComparison.OrdinalIgnoreCase) || Known.Value.Contains(language);

    /// <summary>Returns why a language/translate request cannot be served by this model, or null when it can.</summary>
    public static string? Validate(string language, bool translate, bool multilingual)
    {
        if (!IsKnown(language))
        {
            return $"language '{language}' is not known; use an ISO 639-1 code such as 'en', 'de' or 'fr', or 'auto'";
        }

        if (!multilingual && !string.Equals(language, "en", StringComparison.OrdinalIgnoreCase) && !string.Equals(language, RecognitionOptions.AutoLanguage, StringComparison.OrdinalIgnoreCase))
        {
            return $"the served model is English-only; language '{language}' needs a multilingual model (for example 'base' instead of 'base.en')";
        }

        if (translate && !multilingual)
        {
            return "the served model is English-only and cannot translate; use a multilingual model";
        }

        return null;
    }
}
