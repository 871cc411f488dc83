namespace Stt.Audio;

/// <summary>Decodes a whole file by its content (not its name): WAV, Ogg Opus, WebM/Opus, or raw Opus packets.</summary>
public static class AudioFileDecoder
{
    /// <summary>Formats recognised by content, for error messages.</summary>
    public const string SupportedFormats = "WAV (PCM or float), Ogg Opus (.opus) or WebM/Opus";

    /// <summary>Detects the container and decodes it.</summary>
    /// <exception cref="InvalidAudioException">Unknown, truncated or corrupt content.</exception>
    public static DecodedAudio Decode(ReadOnlyMemory<byte> content)
    {
        if (content.IsEmpty)
        {
            throw new InvalidAudioException("the file is empty");
        }

        if (WavReader.IsWav(content.Span))
        {
            return WavReader.Read(content.Span);
        }

        if (OggPageReader.IsOgg(content.Span))
        {
            return OggOpusReader.Read(content);
        }

        if (WebMOpusReader.IsWebM(content.Span))
        {
            return WebMOpusReader.Read(content.Span);
        }

        throw Unrecognised();
    }

    /// <summary>
    /// As <see cref="Decode(ReadOnlyMemory{byte})"/>, and anything else (FLAC, MP3, M4A, video) through ffmpeg (or
    /// flac) when installed.
    /// </summary>
    public static async Task<DecodedAudio> DecodeOrConvertAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (content.IsEmpty || WavReader.IsWav(content.Span) || OggPageReader.IsOgg(content.Span) || WebMOpusReader.IsWebM(content.Span))
        {
            return Decode(content);
        }

        return await ExternalAudioConverter.TryConvertAsync(content, cancellationToken).ConfigureAwait(false)
            ?? throw Unrecognised(" Other formats (FLAC, MP3, M4A, video) are converted when ffmpeg is installed; it is not.");
    }

    private static InvalidAudioException Unrecognised(string more = "") => new(
        $"unrecognised audio format: the content is not {SupportedFormats}.{more} Convert it first, for example: ffmpeg -i INPUT -ar 16000 -ac 1 out.wav");

    /// <summary>Decodes raw Opus packets encoded at <paramref name="sampleRate"/> Hz.</summary>
    public static DecodedAudio DecodeOpusPackets(IReadOnlyList<ReadOnlyMemory<byte>> packets, int sampleRate)
    {
        if (!OpusRates.Supported.Contains(sampleRate))
        {
            throw new InvalidAudioException($"sample rate {sampleRate} is not supported for Opus; use 8000, 12000, 16000, 24000 or 48000");
        }

        if (packets.Count == 0)
        {
            throw new InvalidAudioException("no Opus packets were sent");
        }

        var decoder = new OpusStreamDecoder(sampleRate);
        var samples = decoder.Decode(AudioPayload.FromOpus(packets));
        return new DecodedAudio(samples, $"raw Opus ({packets.Count} packets)", decoder.PacketsConcealed);
    }
}
