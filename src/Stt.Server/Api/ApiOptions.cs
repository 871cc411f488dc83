using Stt.Audio;

namespace Stt.Server.Api;

/// <summary>Limits of the gRPC API. Bound from <c>Stt:Api</c>; how long live streams live is <c>Stt:Streams</c>.</summary>
public sealed record ApiOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Api";

    /// <summary>Largest request message, bytes. Default 32 MiB (room for a full-size file plus framing).</summary>
    public int MaxMessageBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Largest file <c>Transcribe</c> accepts, bytes. Default 25 MB.</summary>
    public int MaxFileBytes { get; init; } = 25_000_000;

    /// <summary>
    /// Convert files in other formats (FLAC, M4A, video) with ffmpeg, or FLAC with flac, when installed (MP3 is decoded in
    /// process either way).
    /// Default true; turn off to keep untrusted uploads away from external decoders.
    /// </summary>
    public bool ConvertOtherFormats { get; init; } = true;

    /// <summary>
    /// Most audio one uploaded file (any format, converted ones included) may decode to, seconds. Default 1800 (30 min:
    /// 115 MB of decoded samples, which one caller may hold per file in transcription; a 25 MB MP3 at 128 kbit/s is 26
    /// min). Checked before the audio is allocated: a few kilobytes that claim hours are refused, not decoded.
    /// </summary>
    public int MaxFileSeconds { get; init; } = 1800;

    /// <summary>
    /// Longest run of consecutive lost, empty or undecodable Opus packets in a file that concealment may make up, as
    /// audio time. Default 1 s: Opus concealment extrapolates the last pitch period and fades to silence within about
    /// 100 ms, and real bursts of loss (a Wi-Fi roam, a mobile handover) last a few hundred ms, so 1 s keeps every gap
    /// concealment can still help with, while a flood of empty packets is refused after 50 of them (20 ms each).
    /// </summary>
    public TimeSpan MaxConcealedRun { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// External conversions (ffmpeg or flac processes) that may run at once. Default 2. One more waits briefly for a
    /// slot, then is refused with <c>RESOURCE_EXHAUSTED</c> (HTTP 429).
    /// </summary>
    public int MaxConversions { get; init; } = 2;

    /// <summary>Longest external conversion; the process is then killed and the file refused. Default 2 min.</summary>
    public TimeSpan ConversionTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest prompt, UTF-8 bytes. Default 1024.</summary>
    public int MaxPromptBytes { get; init; } = 1024;

    /// <summary>Longest client request id, characters. Default 128.</summary>
    public int MaxClientRequestIdLength { get; init; } = 128;

    /// <summary>What one uploaded file may decode to, its limits naming these settings.</summary>
    internal AudioBudget FileBudget => new(
        new AudioLimit(TimeSpan.FromSeconds(MaxFileSeconds), $"{Section}:{nameof(MaxFileSeconds)}"),
        new AudioLimit(MaxConcealedRun, $"{Section}:{nameof(MaxConcealedRun)}"));

    /// <summary>The external converter's limits, naming these settings.</summary>
    internal ExternalAudioConverterOptions ConverterOptions => new()
    {
        MaxConcurrent = MaxConversions,
        MaxConcurrentSetting = $"{Section}:{nameof(MaxConversions)}",
        Timeout = new AudioLimit(ConversionTimeout, $"{Section}:{nameof(ConversionTimeout)}"),
    };
}
