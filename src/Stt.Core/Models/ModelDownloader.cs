using System.Security.Cryptography;

namespace Stt.Core.Models;

/// <summary>Downloads a known model, verifies its SHA-1 and moves it into place atomically. Used by the server and the CLI.</summary>
public static class ModelDownloader
{
    /// <summary>Downloads <paramref name="model"/> from <paramref name="baseUrl"/> to <paramref name="path"/>, reporting (received, total) bytes.</summary>
    /// <exception cref="ModelFileException">The download failed or is corrupt; the message says what to do.</exception>
    public static async Task DownloadAsync(
        KnownModel model, string path, Uri baseUrl, HttpClient http, IProgress<(long Received, long Total)>? progress, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl, model.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var partial = $"{path}.{Guid.NewGuid():N}.partial"; // its own: replicas may fill one shared cache at the same time
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
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    sha1.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    received += read;
                    progress?.Report((received, total));
                }

                var digest = Convert.ToHexStringLower(sha1.GetHashAndReset());
                if (!string.Equals(digest, model.Sha1, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ModelFileException($"Downloaded {model.FileName} has SHA-1 {digest}, expected {model.Sha1}: the download is corrupt. Try again.");
                }
            }

            File.Move(partial, path, overwrite: true);
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
}
