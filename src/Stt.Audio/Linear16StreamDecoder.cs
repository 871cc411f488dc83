namespace Stt.Audio;

/// <summary>
/// Decodes 16-bit little-endian PCM chunks to 16 kHz mono: downmix, then a stateful resampler. Chunks need not
/// align to sample frames: a partial frame is kept for the next chunk, never dropped.
/// </summary>
public sealed class Linear16StreamDecoder(int sampleRate, int channels) : IAudioStreamDecoder
{
    private readonly MonoResampler _resampler = new(sampleRate);
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;

    /// <inheritdoc />
    public int PacketsReceived => 0;

    /// <inheritdoc />
    public int PacketsConcealed => 0;

    /// <inheritdoc />
    public float[] Decode(AudioPayload payload)
    {
        if (payload.OpusPackets is not null)
        {
            throw new InvalidAudioException("this stream is configured for LINEAR16 but the message carries Opus packets");
        }

        var frameBytes = 2 * channels;
        var bytes = payload.Pcm.Span;
        var joined = new byte[_carryLength + bytes.Length];
        _carry.AsSpan(0, _carryLength).CopyTo(joined);
        bytes.CopyTo(joined.AsSpan(_carryLength));
        var whole = joined.Length / frameBytes * frameBytes;
        _carryLength = joined.Length - whole;
        joined.AsSpan(whole).CopyTo(_carry);

        var mono = PcmSamples.Downmix(PcmSamples.FromInt16(joined.AsSpan(0, whole)), channels);
        return _resampler.Process(mono).ToArray();
    }
}
