using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Stt.Core.Models;

/// <summary>
/// Turns <see cref="ModelOptions.Model"/> into a file on disk: a local path as is; a synthetic model written
/// once into the cache; a known model from the cache, or downloaded with progress in the log, verified against
/// its published SHA-1 and moved into place atomically.
/// </summary>
public sealed partial class ModelResolver(IOptions<ModelOptions> modelOptions, HttpClient http, ILogger<ModelResolver> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);
    private readonly ModelOptions _options = modelOptions.Value;

    /// <summary>The model as configured.</summary>
    public string ConfiguredName => _options.Model.Trim();

    /// <summary>Resolves the configured model to a local file.</summary>
    /// <exception cref="ModelFileException">The model is unknown, or could not be fetched; the message says what to do.</exception>
    public async Task<(string Path, bool IsSynthetic)> ResolveAsync(CancellationToken cancellationToken)
    {
        var name = ConfiguredName;
        if (SyntheticModelSpec.Find(name) is { } spec)
        {
            var path = Path.Combine(_options.EffectiveCache, $"ggml-{spec.Name}-v1.bin");
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
            $"Stt:Model '{name}' is neither a known model ({string.Join(", ", ModelCatalog.All.Select(m => m.Name))}, synthetic, synthetic-tiny) nor an existing file.");
    }

    private async Task DownloadAsync(KnownModel model, string path, CancellationToken cancellationToken)
    {
        var url = new Uri(new Uri(_options.ModelBaseUrl), model.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        LogDownloading(model.Name, url, path);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var total = response.Content.Headers.ContentLength ?? model.ApproximateBytes;
            await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            await using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
            {
                using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
                var buffer = new byte[1 << 20];
                long received = 0;
                var lastReport = DateTime.UtcNow;
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    sha1.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    received += read;
                    if (DateTime.UtcNow - lastReport >= ProgressInterval)
                    {
                        lastReport = DateTime.UtcNow;
                        LogProgress(model.Name, received * 100 / Math.Max(1, total), received / (1024 * 1024), total / (1024 * 1024));
                    }
                }

                var digest = Convert.ToHexStringLower(sha1.GetHashAndReset());
                if (!string.Equals(digest, model.Sha1, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ModelFileException($"Downloaded {model.FileName} has SHA-1 {digest}, expected {model.Sha1}: the download is corrupt. Start again to retry.");
                }
            }

            File.Move(partial, path, overwrite: true);
            LogDownloaded(model.Name, path);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelFileException(
                $"Could not download model '{model.Name}' from {url} ({ex.Message}). "
                + $"Download {model.FileName} yourself and put it at {path}, or set Stt:Model (env Stt__Model) to the path of a local ggml file, "
                + "or to 'synthetic' to run without real weights.",
                ex);
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
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
