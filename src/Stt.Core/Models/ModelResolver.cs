using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Stt.Core.Models;

/// <summary>
/// Turns a model's name (<see cref="ModelOptions.Model"/>, an allowed model's source) into a file on disk: a local path as is; a synthetic model written
/// once into the cache; a known model from the cache, or downloaded with progress in the log, verified against
/// its published SHA-1 and moved into place atomically.
/// </summary>
public sealed partial class ModelResolver(IOptions<ModelOptions> modelOptions, HttpClient http, ILogger<ModelResolver> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);
    private readonly ModelOptions _options = modelOptions.Value;

    /// <summary>The model as configured.</summary>
    public string ConfiguredName => _options.Model.Trim();

    /// <summary>True when <paramref name="name"/> is a synthetic model, a known one, or an existing file.</summary>
    public static bool IsResolvable(string name) =>
        SyntheticModelSpec.Find(name) is not null || ModelCatalog.Find(name) is not null || File.Exists(name);

    /// <summary>Resolves the configured model to a local file.</summary>
    /// <exception cref="ModelFileException">The model is unknown, or could not be fetched; the message says what to do.</exception>
    public Task<(string Path, bool IsSynthetic)> ResolveAsync(CancellationToken cancellationToken) => ResolveAsync(ConfiguredName, cancellationToken);

    /// <summary>Resolves <paramref name="name"/> (a synthetic or known model, or a path) to a local file.</summary>
    /// <exception cref="ModelFileException">The model is unknown, or could not be fetched; the message says what to do.</exception>
    public async Task<(string Path, bool IsSynthetic)> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        if (SyntheticModelSpec.Find(name) is { } spec)
        {
            var path = Path.Combine(_options.EffectiveCache, spec.FileName);
            if (!File.Exists(path))
            {
                LogWritingSynthetic(spec.Name, path);
                SyntheticModelWriter.WriteFile(spec, path);
            }

            return (path, true);
        }

        if (ModelCatalog.Find(name) is { } known)
        {
            var path = Path.Combine(_options.EffectiveCache, known.FileName);
            if (!File.Exists(path))
            {
                await DownloadAsync(known, path, cancellationToken).ConfigureAwait(false);
            }

            return (path, false);
        }

        if (File.Exists(name))
        {
            return (Path.GetFullPath(name), false);
        }

        throw new ModelFileException(
            $"the model '{name}' is neither a known model ({string.Join(", ", ModelCatalog.All.Select(m => m.Name).Concat(SyntheticModelSpec.All.Select(s => s.Name)))}) nor an existing file.");
    }

    private async Task DownloadAsync(KnownModel model, string path, CancellationToken cancellationToken)
    {
        var baseUrl = new Uri(_options.ModelBaseUrl);
        LogDownloading(model.Name, new Uri(baseUrl, model.FileName), path);
        var lastReport = DateTime.UtcNow;
        var progress = new Progress<(long Received, long Total)>(p =>
        {
            if (DateTime.UtcNow - lastReport >= ProgressInterval)
            {
                lastReport = DateTime.UtcNow;
                LogProgress(model.Name, p.Received * 100 / Math.Max(1, p.Total), p.Received / (1024 * 1024), p.Total / (1024 * 1024));
            }
        });
        await ModelDownloader.DownloadAsync(model, path, baseUrl, http, progress, cancellationToken).ConfigureAwait(false);
        LogDownloaded(model.Name, path);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Writing synthetic model '{Name}' to {Path}")]
    private partial void LogWritingSynthetic(string name, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Downloading model '{Name}' from {Url} to {Path}")]
    private partial void LogDownloading(string name, Uri url, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Downloading '{Name}': {Percent}% ({ReceivedMiB} of {TotalMiB} MiB)")]
    private partial void LogProgress(string name, long percent, long receivedMiB, long totalMiB);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Model '{Name}' downloaded and verified: {Path}")]
    private partial void LogDownloaded(string name, string path);
}
