namespace Stt.Audio;

/// <summary>
/// The formats <see cref="ExternalAudioConverter"/> starts a process for, by their first bytes. Anything else never
/// reaches ffmpeg: a process per unrecognised upload would let any caller spend the server's CPU on garbage.
/// </summary>
internal static class ConvertedFormats
{
    /// <summary>For messages: what is converted.</summary>
    public const string Names = "FLAC, MP3, AAC, MP4/M4A/MOV, Matroska, Ogg Vorbis or FLAC, compressed WAV, AIFF, CAF, AMR and WMA";

    private static readonly byte[] Ebml = [0x1A, 0x45, 0xDF, 0xA3];
    private static readonly byte[] Asf = [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11];

    /// <summary>
    /// The format <paramref name="content"/> starts like, or null. Matroska, Ogg and RIFF/WAVE are named whatever they
    /// carry: the caller sends only those our own readers do not read.
    /// </summary>
    public static string? Detect(ReadOnlySpan<byte> content) => content switch
    {
        _ when content.StartsWith("fLaC"u8) => "FLAC",
        _ when content.StartsWith("ID3"u8) => "MP3",
        [0xFF, var b, ..] when (b & 0xF6) == 0xF0 => "AAC", // ADTS: 12 sync bits, layer 0
        [0xFF, var b, ..] when (b & 0xE0) == 0xE0 => "MP3", // MPEG audio frame sync
        _ when content.Length >= 8 && content[4..8].SequenceEqual("ftyp"u8) => "MP4",
        _ when content.StartsWith(Ebml) => "Matroska",
        _ when content.StartsWith("OggS"u8) => "Ogg",
        _ when content.Length >= 12 && (content.StartsWith("RIFF"u8) || content.StartsWith("RF64"u8) || content.StartsWith("BW64"u8))
            && content[8..12].SequenceEqual("WAVE"u8) => "WAV",
        _ when content.Length >= 12 && content.StartsWith("FORM"u8) && (content[8..12].SequenceEqual("AIFF"u8) || content[8..12].SequenceEqual("AIFC"u8)) => "AIFF",
        _ when content.StartsWith("caff"u8) => "CAF",
        _ when content.StartsWith("#!AMR"u8) => "AMR",
        _ when content.StartsWith(Asf) => "WMA",
        _ => null,
    };
}
