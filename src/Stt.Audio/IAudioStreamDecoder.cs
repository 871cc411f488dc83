namespace Stt.Audio;

/// <summary>Turns a live stream's audio messages into 16 kHz mono samples, keeping state between messages.</summary>
public interface IAudioStreamDecoder
{
    /// <summary>Opus packets received so far (0 for PCM).</summary>
    int PacketsReceived { get; }

    /// <summary>Opus packets that were lost or undecodable and replaced by concealment.</summary>
    int PacketsConcealed { get; }

    /// <summary>
    /// How much audio <see cref="Decode"/> will yield for <paramref name="payload"/> (before resampling, so a few
    /// samples more than it returns), without decoding it or changing any state: a caller checks it against its own
    /// budget first. Opus: what each packet's TOC declares, an empty or invalid packet as much as the packet before it.
    /// PCM: whole frames, with the partial frame carried from the previous message.
    /// </summary>
    /// <exception cref="InvalidAudioException">The payload is of the other encoding.</exception>
    TimeSpan Measure(AudioPayload payload);

    /// <summary>Decodes one message, allocating no more than <see cref="Measure"/> says.</summary>
    /// <exception cref="InvalidAudioException">The audio cannot be decoded; the message says why.</exception>
    /// <exception cref="AudioLimitExceededException">The message, or a run of concealed packets, is past the decoder's limit.</exception>
    float[] Decode(AudioPayload payload);

    /// <summary>Creates the decoder for a validated format, with no limit of its own: the caller measures every message.</summary>
    public static IAudioStreamDecoder Create(StreamAudioFormat format) => Create(format, AudioBudget.Unlimited);

    /// <summary>
    /// Creates the decoder for a validated format: one message may yield at most <see cref="AudioBudget.MaxAudio"/>,
    /// and concealment may run for at most <see cref="AudioBudget.MaxConcealedRun"/>.
    /// </summary>
    public static IAudioStreamDecoder Create(StreamAudioFormat format, AudioBudget budget) => format.Encoding switch
    {
        StreamEncoding.Opus => new OpusStreamDecoder(format.SampleRate, budget.MaxConcealedRun, budget.MaxAudio),
        _ => new Linear16StreamDecoder(format.SampleRate, format.Channels, budget.MaxAudio),
    };
}
