namespace Stt.Audio;

/// <summary>Turns a live stream's audio messages into 16 kHz mono samples, keeping state between messages.</summary>
public interface IAudioStreamDecoder
{
    /// <summary>Opus packets received so far (0 for PCM).</summary>
    int PacketsReceived { get; }

    /// <summary>Opus packets that were lost or undecodable and replaced by concealment.</summary>
    int PacketsConcealed { get; }

    /// <summary>Decodes one message.</summary>
    /// <exception cref="InvalidAudioException">The audio cannot be decoded; the message says why.</exception>
    float[] Decode(AudioPayload payload);

    /// <summary>Creates the decoder for a validated format.</summary>
    public static IAudioStreamDecoder Create(StreamAudioFormat format) => format.Encoding switch
    {
        StreamEncoding.Opus => new OpusStreamDecoder(format.SampleRate),
        _ => new Linear16StreamDecoder(format.SampleRate, format.Channels),
    };
}
