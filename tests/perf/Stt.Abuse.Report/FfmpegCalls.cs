namespace Stt.Abuse.Report;

/// <summary>
/// How many times the server started ffmpeg: abuse.sh puts a wrapper first on the server's PATH that appends a line to
/// this file per start, then runs the real ffmpeg. Without the file, starts are not counted.
/// </summary>
internal sealed class FfmpegCalls(string? path)
{
    public bool Counted => path is not null && File.Exists(path);

    /// <summary>Starts so far; 0 when not counted.</summary>
    public int Count()
    {
        if (!Counted)
        {
            return 0;
        }

        using var file = new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        var lines = 0;
        while (reader.ReadLine() is not null)
        {
            lines++;
        }

        return lines;
    }
}
