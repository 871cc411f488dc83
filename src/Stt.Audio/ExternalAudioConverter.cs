using System.ComponentModel;
using System.Diagnostics;

namespace Stt.Audio;

/// <summary>
/// Converts formats we do not decode ourselves (FLAC, MP3, M4A/AAC, video containers, ...) through the
/// <c>ffmpeg</c> command when it is installed, or FLAC through the <c>flac</c> command. No maintained managed
/// FLAC decoder is on NuGet, and re-implementing ffmpeg is not the point of this service. The input is piped
/// in, 16 kHz mono float comes out; only the pipe protocol is allowed, so a crafted playlist cannot make ffmpeg
/// open other files or URLs.
/// </summary>
public static class ExternalAudioConverter
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Converts <paramref name="content"/>; null when no converter is installed.</summary>
    /// <exception cref="InvalidAudioException">A converter is installed but could not read the content.</exception>
    public static async Task<DecodedAudio?> TryConvertAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var ffmpeg = await RunAsync(
            "ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-nostdin", "-protocol_whitelist", "pipe", "-i", "pipe:0", "-vn", "-f", "f32le", "-ac", "1", "-ar", "16000", "pipe:1"],
            content,
            cancellationToken).ConfigureAwait(false);
        if (ffmpeg is { } converted)
        {
            return converted.ExitCode == 0 && converted.Output.Length > 0
                ? new DecodedAudio(ToFloats(converted.Output), "converted by ffmpeg")
                : throw new InvalidAudioException($"ffmpeg could not read the file ({FirstLine(converted.Error)}); {AudioFileDecoder.SupportedFormats} work without conversion");
        }

        if (content.Span.StartsWith("fLaC"u8) && await RunAsync("flac", ["-d", "-c", "-s", "-"], content, cancellationToken).ConfigureAwait(false) is { } flac)
        {
            return flac.ExitCode == 0
                ? WavReader.Read(flac.Output) with { Format = "FLAC, converted by flac" }
                : throw new InvalidAudioException($"flac could not read the file: {FirstLine(flac.Error)}");
        }

        return null;
    }

    private static async Task<(int ExitCode, byte[] Output, string Error)?> RunAsync(
        string command, string[] arguments, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(command, arguments)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
        }
        catch (Win32Exception)
        {
            return null; // not installed
        }

        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(Timeout);
            try
            {
                using var output = new MemoryStream();
                var reading = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
                var errors = process.StandardError.ReadToEndAsync(timeout.Token);
                try
                {
                    await process.StandardInput.BaseStream.WriteAsync(input, timeout.Token).ConfigureAwait(false);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // the converter stopped reading early (it failed); its exit code and message say why
                }

                await reading.ConfigureAwait(false);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return (process.ExitCode, output.ToArray(), await errors.ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }
    }

    private static float[] ToFloats(byte[] bytes)
    {
        var samples = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 4);
        return samples;
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no details";
}
