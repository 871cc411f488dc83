using Microsoft.Extensions.Options;
using Stt.Core.Inference;

namespace Stt.Core.Models;

/// <summary>
/// Makes one model ready to serve: resolves it to a file (writing or downloading it when needed), loads it into the
/// engine and runs one warm-up pass (the first pass pays for allocations and page faults). Shared by the default
/// model's start and an allowed model's first request.
/// </summary>
public sealed class ModelLoading(ModelResolver resolver, IOptions<InferenceOptions> inference)
{
    /// <summary>Resolves <paramref name="source"/> to a file; its size is what a load will hold.</summary>
    /// <exception cref="ModelFileException">Unknown, or could not be fetched.</exception>
    public Task<(string Path, bool IsSynthetic)> ResolveAsync(string source, CancellationToken cancellationToken) =>
        resolver.ResolveAsync(source, cancellationToken);

    /// <summary>Loads the file and warms it up, serving it as <paramref name="name"/>.</summary>
    /// <exception cref="ModelFileException">Not a Whisper model the engine can load.</exception>
    public async Task<(LoadedModel Model, WhisperRecognizer Recognizer)> LoadAsync(
        string name, string path, bool isSynthetic, bool toleratesReducedContext, IReadOnlyList<string> languages, CancellationToken cancellationToken)
    {
        var recognizer = await Task.Run(() => WhisperRecognizer.Load(path, inference.Value, toleratesReducedContext), cancellationToken).ConfigureAwait(false);
        try
        {
            var warmup = new float[Audio.AudioTime.SampleRate];
            await recognizer.RecognizeAsync(warmup, new RecognitionOptions(languages.Count > 0 && languages[0] != RecognitionOptions.AutoLanguage ? languages[0] : "en"), cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            recognizer.Dispose();
            throw;
        }

        return (new LoadedModel(name, path, recognizer.Model, isSynthetic, new FileInfo(path).Length) { Languages = languages }, recognizer);
    }
}
