namespace Stt.Audio;

/// <summary>
/// Decodes a whole file by its content (not its name): WAV, Ogg Opus, WebM/Opus, MP3, or raw Opus packets, never past
/// its <see cref="AudioBudget"/>; other formats through an <see cref="ExternalAudioConverter"/>.
/// </summary>
public static class AudioFileDecoder
{
    /// <summary>Formats recognised by content, for error messages.</summary>
    public const string SupportedFormats = "WAV (PCM or float), Ogg Opus (.opus), WebM/Opus or MP3";

    /// <summary>Detects the container and decodes it.</summary>
    /// <exception cref="InvalidAudioException">Unknown, truncated or corrupt content.</exception>
    /// <exception cref="AudioLimitExceededException">It decodes to more than <paramref name="budget"/> allows.</exception>
    public static DecodedAudio Decode(ReadOnlyMemory<byte> content, AudioBudget budget)
    {
        if (content.IsEmpty)
        {
            throw new InvalidAudioException("the file is empty");
        }

        if (WavReader.IsWav(content.Span))
        {
            return WavReader.Read(content.Span, budget);
        }

        if (OggPageReader.IsOgg(content.Span))
        {
            return OggOpusReader.Read(content, budget);
        }

        if (WebMOpusReader.IsWebM(content.Span))
        {
            return WebMOpusReader.Read(content, budget);
        }

        if (Mp3Reader.IsMp3(content.Span))
        {
            return Mp3Reader.Read(content, budget);
        }

        throw Unrecognised();
    }

    /// <summary>
    /// As <see cref="Decode(ReadOnlyMemory{byte}, AudioBudget)"/>, and formats our readers do not read (FLAC, M4A, video,
    /// Ogg Vorbis, compressed WAV, ...) through <paramref name="converter"/> when ffmpeg (or flac) is installed; so is
    /// content that starts like MP3 but that <see cref="Mp3Reader"/> cannot read (AAC behind an ID3 tag, say). Content
    /// that starts like none of them is refused without starting a process.
    /// </summary>
    /// <exception cref="InvalidAudioException">Unknown, truncated or corrupt content.</exception>
    /// <exception cref="AudioLimitExceededException">It decodes to more than <paramref name="budget"/> allows.</exception>
    /// <exception cref="ConverterBusyException">It needs a conversion and every slot stayed busy.</exception>
    public static async Task<DecodedAudio> DecodeOrConvertAsync(
        ReadOnlyMemory<byte> content, AudioBudget budget, ExternalAudioConverter converter, CancellationToken cancellationToken)
    {
        if (content.IsEmpty || ReadsItself(content))
        {
            return Decode(content, budget);
        }

        if (Mp3Reader.IsMp3(content.Span))
        {
            InvalidAudioException unread;
            try
            {
                return Mp3Reader.Read(content, budget);
            }
            catch (InvalidAudioException ex) when (ex is not AudioLimitExceededException)
            {
                unread = ex;
            }

            // Not MPEG audio after all (AAC behind an ID3 tag, say): ffmpeg may read it; without it, our reader's reason.
            return await converter.TryConvertAsync(content, budget, cancellationToken).ConfigureAwait(false) ?? throw unread;
        }

        if (!ExternalAudioConverter.Converts(content.Span))
        {
            throw Unrecognised();
        }

        return await converter.TryConvertAsync(content, budget, cancellationToken).ConfigureAwait(false)
            ?? (IsOwnContainer(content.Span)
                ? Decode(content, budget) // no converter: our reader says what it cannot read
                : throw Unrecognised(" Other formats (FLAC, M4A, video) are converted when ffmpeg is installed; it is not."));
    }

    /// <summary>Decodes raw Opus packets encoded at <paramref name="sampleRate"/> Hz, measured against <paramref name="budget"/> first.</summary>
    /// <exception cref="InvalidAudioException">An unsupported rate, no packets, or packets that are not Opus.</exception>
    /// <exception cref="AudioLimitExceededException">They decode to more than <paramref name="budget"/> allows, or too many in a row are lost.</exception>
    public static DecodedAudio DecodeOpusPackets(IReadOnlyList<ReadOnlyMemory<byte>> packets, int sampleRate, AudioBudget budget)
    {
        if (!OpusRates.Supported.Contains(sampleRate))
        {
            throw new InvalidAudioException($"sample rate {sampleRate} is not supported for Opus; use 8000, 12000, 16000, 24000 or 48000");
        }

        if (packets.Count == 0)
        {
            throw new InvalidAudioException("no Opus packets were sent");
        }

        var decoder = new OpusStreamDecoder(sampleRate, budget.MaxConcealedRun);
        var payload = AudioPayload.FromOpus(packets);
        if (decoder.Measure(payload) > budget.MaxAudio.Value)
        {
            throw AudioLimitExceededException.TooLong("the file", budget.MaxAudio);
        }

        var samples = decoder.Decode(payload);
        return new DecodedAudio(samples, $"raw Opus ({packets.Count} packets)", decoder.PacketsConcealed);
    }

    /// <summary>The "unrecognised audio format" error, with <paramref name="more"/> said after what works.</summary>
    internal static InvalidAudioException Unrecognised(string more = "") => new(
        $"unrecognised audio format: the content is not {SupportedFormats}.{more} Convert it first, for example: ffmpeg -i INPUT -ar 16000 -ac 1 out.wav");

    /// <summary>What our readers read: PCM or float WAV, Ogg carrying Opus, WebM with an Opus track.</summary>
    private static bool ReadsItself(ReadOnlyMemory<byte> content) =>
        WavReader.Reads(content.Span)
        || (OggPageReader.IsOgg(content.Span) && OggOpusReader.CarriesOpus(content))
        || (WebMOpusReader.IsWebM(content.Span) && WebMOpusReader.CarriesOpus(content));

    private static bool IsOwnContainer(ReadOnlySpan<byte> content) =>
        WavReader.IsWav(content) || OggPageReader.IsOgg(content) || WebMOpusReader.IsWebM(content);
}
