namespace Stt.Server.Api;

/// <summary>Limits of the gRPC API. Bound from <c>Stt:Api</c>; how long live streams live is <c>Stt:Streams</c>.</summary>
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

    /// <summary>Longest prompt, UTF-8 bytes. Default 1024.</summary>
    public int MaxPromptBytes { get; set; } = 1024;

    /// <summary>Longest client request id, characters. Default 128.</summary>
    public int MaxClientRequestIdLength { get; set; } = 128;
}
