using System.Diagnostics;
using Stt.Abuse.Report.Calls;

namespace Stt.Abuse.Report.Attacks;

/// <summary>
/// 7. Uploads the server hands to ffmpeg: a small FLAC that decodes to hours of audio, and random bytes (which no
/// converter should be started for).
/// </summary>
internal static class ConvertedUploads
{
    private const int SilenceSeconds = 3 * 3600;

    public static Attack Create()
    {
        var maker = Tool("sox") ? "sox" : Tool("ffmpeg") ? "ffmpeg" : null;
        var flac = Path.Combine(Path.GetTempPath(), $"stt-abuse-{Environment.ProcessId}-silence.flac");
        var random = new byte[1024 * 1024];
        new Random(42).NextBytes(random);
        return new Attack("Uploads for ffmpeg: 3 h of silence as FLAC, and random bytes", [
            new AttackCase("FLAC, 3 h of silence at 8 kHz, multipart upload", context => LongFlacAsync(context, flac))
            {
                SkipReason = Tool("ffmpeg") ? null : "ffmpeg is not installed: the server converts no FLAC",
                PrepareAsync = cancellationToken => MakeSilenceAsync(maker!, flac, cancellationToken),
            },
            new AttackCase("1 MiB of random bytes, multipart upload", async context =>
            {
                var before = context.Ffmpeg.Count();
                await Uploads.TranscribeAsync(context, random, "noise.bin", 400);
                if (context.Ffmpeg.Counted)
                {
                    var started = context.Ffmpeg.Count() - before;
                    context.Answers.Check("ffmpeg not started for bytes that are no known format", started == 0, $"ffmpeg started {started} times");
                }
                else
                {
                    context.Answers.Check("ffmpeg not started (not counted: run through abuse.sh, which counts the server's ffmpeg starts)", true);
                }
            }),
        ]);
    }

    private static async Task LongFlacAsync(AttackContext context, string flac)
    {
        var body = await Uploads.TranscribeAsync(context, await File.ReadAllBytesAsync(flac, context.CancellationToken), "silence.flac", 400, 413);
        File.Delete(flac);
        context.Answers.Check("the refusal names the audio-length limit", body?.Contains("limit", StringComparison.OrdinalIgnoreCase) == true);
    }

    private static async Task MakeSilenceAsync(string maker, string path, CancellationToken cancellationToken)
    {
        string[] arguments = maker == "sox"
            ? ["-n", "-r", "8000", "-b", "16", "-c", "1", path, "trim", "0", "3:00:00"]
            : ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", SilenceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
               "-c:a", "flac", "-sample_fmt", "s16", path];
        using var process = Process.Start(new ProcessStartInfo(maker, arguments) { RedirectStandardError = true })!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{maker} failed: {await errors}");
        }
    }

    private static bool Tool(string name)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(name, [name == "sox" ? "--version" : "-version"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.StandardOutput.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
