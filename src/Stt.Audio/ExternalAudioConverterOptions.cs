namespace Stt.Audio;

/// <summary>Limits of <see cref="ExternalAudioConverter"/>, with the settings that control them for its messages.</summary>
public sealed record ExternalAudioConverterOptions
{
    /// <summary>Conversions (external processes) that may run at once. Default 2.</summary>
    public int MaxConcurrent { get; init; } = 2;

    /// <summary>The setting that controls <see cref="MaxConcurrent"/>, named when a call is refused.</summary>
    public string MaxConcurrentSetting { get; init; } = "the converter's MaxConcurrent";

    /// <summary>
    /// How long a call waits for a free slot when <see cref="MaxConcurrent"/> conversions are running before it is
    /// refused with <see cref="ConverterBusyException"/>. Default 2 s: enough for a short conversion to finish, short
    /// enough that callers do not pile up behind long ones.
    /// </summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest conversion; the process is then killed and the file refused. Default 2 min.</summary>
    public AudioLimit Timeout { get; init; } = new(TimeSpan.FromMinutes(2), "the converter's Timeout");

    /// <summary>The ffmpeg command (a name on the PATH or a path). Default <c>ffmpeg</c>.</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";

    /// <summary>The flac command, used for FLAC when ffmpeg is not installed. Default <c>flac</c>.</summary>
    public string Flac { get; init; } = "flac";
}
