namespace Stt.Core.Models;

/// <summary>Which model to serve. Bound from <c>Stt</c> (keys <c>Stt:Model</c>, <c>Stt:ModelCache</c>, <c>Stt:ModelBaseUrl</c>).</summary>
public sealed record ModelOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt";

    /// <summary>Default model: multilingual base, a good accuracy/speed balance on CPU.</summary>
    public const string DefaultModel = "base";

    /// <summary>
    /// A known name (tiny, tiny.en, base, base.en, small, small.en and their -q5_1 / -q8_0 variants), a path
    /// to a local ggml file, or a synthetic model written on first use, for tests and benchmarks: "synthetic" (small,
    /// random weights), "synthetic-tiny" (tiny.en's dimensions and cost, a scripted decoder; also "synthetic-tiny-q8_0",
    /// "synthetic-tiny-q5_1") or "synthetic-tiny-random" (tiny.en's dimensions, random weights).
    /// Default "base".
    /// </summary>
    public string Model { get; init; } = DefaultModel;

    /// <summary>
    /// Declares that the model was fine-tuned to tolerate a reduced encoder context (FUTO's ACFT models,
    /// github.com/futo-org/whisper-acft): passes then size the encoder to their audio, 3-5x cheaper for short windows.
    /// Every model of the catalog is a vanilla OpenAI model, which loops at a reduced context. Default false.
    /// </summary>
    public bool ModelToleratesReducedContext { get; init; }

    /// <summary>Folder for downloaded and synthetic models. Default: $XDG_CACHE_HOME/stt/models (~/.cache/stt/models).</summary>
    public string? ModelCache { get; init; }

    /// <summary>Where known models are downloaded from. Default: whisper.cpp's Hugging Face repository.</summary>
    public string ModelBaseUrl { get; init; } = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/";

    /// <summary>The cache folder in effect.</summary>
    public string EffectiveCache => !string.IsNullOrWhiteSpace(ModelCache)
        ? ModelCache
        : Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "stt",
            "models");
}
