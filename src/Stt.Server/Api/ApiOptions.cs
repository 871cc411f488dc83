namespace Stt.Server.Api;

/// <summary>Limits of the gRPC API. Bound from <c>Stt:Api</c>.</summary>
public sealed class ApiOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Api";

    /// <summary>Largest request message, bytes. Default 32 MiB (room for a full-size file plus framing).</summary>
    public int MaxMessageBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Largest file <c>Transcribe</c> accepts, bytes. Default 25 MB.</summary>
    public int MaxFileBytes { get; set; } = 25_000_000;

    /// <summary>
    /// Convert files in other formats (FLAC, MP3, M4A, video) with ffmpeg, or FLAC with flac, when installed.
    /// Default true; turn off to keep untrusted uploads away from external decoders.
    /// </summary>
    public bool ConvertOtherFormats { get; set; } = true;

    /// <summary>A live stream with no audio for this long has its finals flushed and is closed with OK. Default 30 s.</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest live stream; at this age it is flushed and closed with OUT_OF_RANGE. Default 4 h.</summary>
    public TimeSpan MaxStreamDuration { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Longest prompt, UTF-8 bytes. Default 1024.</summary>
    public int MaxPromptBytes { get; set; } = 1024;

    /// <summary>Longest client request id, characters. Default 128.</summary>
    public int MaxClientRequestIdLength { get; set; } = 128;
}
