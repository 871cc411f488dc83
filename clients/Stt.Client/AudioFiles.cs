using Stt.Audio;

namespace Stt.Client;

/// <summary>Reads audio files by content: WAV, Ogg Opus and WebM/Opus directly; FLAC, MP3, M4A and video through ffmpeg (or flac) when installed.</summary>
public static class AudioFiles
{
    /// <summary>The file decoded to 16 kHz mono.</summary>
    /// <exception cref="InvalidAudioException">The file cannot be read; the message says why and what would work.</exception>
    public static async Task<DecodedAudio> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return await AudioFileDecoder.DecodeOrConvertAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the server can read these bytes as they are (no conversion needed).</summary>
    public static bool ServerReadsAsIs(ReadOnlySpan<byte> content) =>
        WavReader.IsWav(content) || OggPageReader.IsOgg(content) || WebMOpusReader.IsWebM(content);
}
