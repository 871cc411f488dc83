using Stt.Audio;

namespace Stt.Client;

/// <summary>Reads audio files by content: WAV, Ogg Opus, WebM/Opus and MP3 directly; FLAC, M4A and video through ffmpeg (or flac) when installed.</summary>
public static class AudioFiles
{
    // The caller's own files: no audio budget, and conversions wait for each other rather than being refused.
    private static readonly ExternalAudioConverter Converter = new(new ExternalAudioConverterOptions
    {
        MaxConcurrent = Environment.ProcessorCount,
        MaxWait = Timeout.InfiniteTimeSpan,
        Timeout = new AudioLimit(TimeSpan.FromMinutes(30), "the client's conversion timeout"),
    });

    /// <summary>The file decoded to 16 kHz mono.</summary>
    /// <exception cref="InvalidAudioException">The file cannot be read; the message says why and what would work.</exception>
    public static async Task<DecodedAudio> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return await DecodeAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the server can read these bytes as they are (no conversion needed).</summary>
    internal static bool ServerReadsAsIs(ReadOnlySpan<byte> content) =>
        WavReader.IsWav(content) || OggPageReader.IsOgg(content) || WebMOpusReader.IsWebM(content) || Mp3Reader.IsMp3(content);

    /// <summary>A file's bytes decoded to 16 kHz mono, converted first when our readers do not read them.</summary>
    internal static Task<DecodedAudio> DecodeAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        AudioFileDecoder.DecodeOrConvertAsync(bytes, AudioBudget.Unlimited, Converter, cancellationToken);
}
