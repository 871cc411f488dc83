using System.Runtime.Versioning;

namespace Stt.Audio.Tests;

/// <summary>
/// A stand-in for ffmpeg: a shell script that records its process id, reads its input, then, by what the input
/// holds, hangs (<c>HANG</c>: a converter stuck on a hostile file), writes zeros forever (<c>FLOOD</c>), or writes 1 s
/// of 16 kHz float silence and exits. Lets the converter's limits be tested without ffmpeg and without timing.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class FakeConverter : IDisposable
{
    private const string Script = """
        #!/bin/sh
        echo $$ >> "$0.started"
        input=$(cat)
        case "$input" in
          *HANG*) exec sleep 600 ;;
          *FLOOD*) exec cat /dev/zero ;;
        esac
        head -c 64000 /dev/zero

        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stt-fake-converter-");

    public FakeConverter()
    {
        Command = Path.Combine(_folder.FullName, "ffmpeg");
        File.WriteAllText(Command, Script);
        File.SetUnixFileMode(Command, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The script's path.</summary>
    public string Command { get; }

    /// <summary>The process ids of every run so far, in order.</summary>
    public IReadOnlyList<int> Started => File.Exists(Command + ".started")
        ? File.ReadAllLines(Command + ".started").Select(int.Parse).ToList()
        : [];

    /// <summary>Converter options that run the script as ffmpeg (and no flac), named as the server's settings.</summary>
    public ExternalAudioConverterOptions Options(int maxConcurrent = 2, TimeSpan? maxWait = null, TimeSpan? timeout = null) => new()
    {
        Ffmpeg = Command,
        Flac = Command + "-not-installed",
        MaxConcurrent = maxConcurrent,
        MaxConcurrentSetting = "Stt:Api:MaxConversions",
        MaxWait = maxWait ?? TimeSpan.FromMilliseconds(100),
        Timeout = new AudioLimit(timeout ?? TimeSpan.FromMinutes(1), "Stt:Api:ConversionTimeout"),
    };

    /// <summary>True while a process of that id exists (a zombie, killed but not waited for, included).</summary>
    public static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}");

    public void Dispose()
    {
        foreach (var pid in Started.Where(IsRunning))
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill(); // only after a failed test: leave nothing behind
        }

        _folder.Delete(recursive: true);
    }
}
