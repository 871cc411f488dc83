namespace Stt.Core.Models;

/// <summary>Models the server and <c>stt models pull</c> can download by name.</summary>
public static class ModelCatalog
{
    private const long MiB = 1024 * 1024;
    private static readonly Uri WhisperVad = new("https://huggingface.co/ggml-org/whisper-vad/resolve/main/");

    /// <summary>Every known model.</summary>
    public static IReadOnlyList<KnownModel> All { get; } =
    [
        new("tiny", "ggml-tiny.bin", "bd577a113a864445d4c299885e0cb97d4ba92b5f", 75 * MiB),
        new("tiny-q5_1", "ggml-tiny-q5_1.bin", "2827a03e495b1ed3048ef28a6a4620537db4ee51", 31 * MiB),
        new("tiny-q8_0", "ggml-tiny-q8_0.bin", "19e8118f6652a650569f5a949d962154e01571d9", 42 * MiB),
        new("tiny.en", "ggml-tiny.en.bin", "c78c86eb1a8faa21b369bcd33207cc90d64ae9df", 75 * MiB),
        new("tiny.en-q5_1", "ggml-tiny.en-q5_1.bin", "3fb92ec865cbbc769f08137f22470d6b66e071b6", 31 * MiB),
        new("tiny.en-q8_0", "ggml-tiny.en-q8_0.bin", "802d6668e7d411123e672abe4cb6c18f12306abb", 42 * MiB),
        new("base", "ggml-base.bin", "465707469ff3a37a2b9b8d8f89f2f99de7299dac", 142 * MiB),
        new("base-q5_1", "ggml-base-q5_1.bin", "a3733eda680ef76256db5fc5dd9de8629e62c5e7", 57 * MiB),
        new("base-q8_0", "ggml-base-q8_0.bin", "7bb89bb49ed6955013b166f1b6a6c04584a20fbe", 78 * MiB),
        new("base.en", "ggml-base.en.bin", "137c40403d78fd54d454da0f9bd998f78703390c", 142 * MiB),
        new("base.en-q5_1", "ggml-base.en-q5_1.bin", "d26d7ce5a1b6e57bea5d0431b9c20ae49423c94a", 57 * MiB),
        new("base.en-q8_0", "ggml-base.en-q8_0.bin", "bb1574182e9b924452bf0cd1510ac034d323e948", 78 * MiB),
        new("small", "ggml-small.bin", "55356645c2b361a969dfd0ef2c5a50d530afd8d5", 466 * MiB),
        new("small-q5_1", "ggml-small-q5_1.bin", "6fe57ddcfdd1c6b07cdcc73aaf620810ce5fc771", 181 * MiB),
        new("small-q8_0", "ggml-small-q8_0.bin", "bcad8a2083f4e53d648d586b7dbc0cd673d8afad", 252 * MiB),
        new("small.en", "ggml-small.en.bin", "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022", 466 * MiB),
        new("small.en-q5_1", "ggml-small.en-q5_1.bin", "20f54878d608f94e4a8ee3ae56016571d47cba34", 181 * MiB),
        new("small.en-q8_0", "ggml-small.en-q8_0.bin", "9d75ff4ccfa0a8217870d7405cf8cef0a5579852", 252 * MiB),
    ];

    /// <summary>
    /// Silero VAD models in whisper.cpp's format (MIT), for <c>Stt:Streaming:VadModel</c>. v6.2.0 ships with the server;
    /// SHA-1s computed from the files whose SHA-256 match the published ones.
    /// </summary>
    public static IReadOnlyList<KnownModel> SpeechDetection { get; } =
    [
        new("silero-v6.2.0", "ggml-silero-v6.2.0.bin", "470e5d9d094ddba2f0a512cecc3732a252188abd", 885_098, WhisperVad),
        new("silero-v5.1.2", "ggml-silero-v5.1.2.bin", "a372f48dcf0bd9e4330eef2802bc46e061c19634", 885_098, WhisperVad),
    ];

    /// <summary>The Whisper model with this name (case-insensitive), or null.</summary>
    public static KnownModel? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The Whisper or speech detection model with this name (case-insensitive), or null.</summary>
    public static KnownModel? FindAny(string name) =>
        Find(name) ?? SpeechDetection.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
}
