namespace Stt.Audio;

/// <summary>
/// Decodes 16-bit little-endian PCM chunks to 16 kHz mono: downmix, then a stateful resampler. Chunks need not
/// align to sample frames: a partial frame is kept for the next chunk, never dropped.
/// </summary>
/// <param name="sampleRate">The PCM's rate, Hz.</param>
/// <param name="channels">1 or 2; stereo is downmixed.</param>
/// <param name="maxMessage">The most audio one <see cref="Decode"/> may yield; null: no limit of its own (the caller measures).</param>
public sealed class Linear16StreamDecoder(int sampleRate, int channels, AudioLimit? maxMessage = null) : IAudioStreamDecoder
{
    private readonly MonoResampler _resampler = new(sampleRate);
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;

    /// <inheritdoc />
    public int PacketsReceived => 0;

    /// <inheritdoc />
    public int PacketsConcealed => 0;

    /// <inheritdoc />
    public TimeSpan Measure(AudioPayload payload) => AudioTime.FromSamples(Frames(PcmOf(payload)), sampleRate);

    /// <inheritdoc />
    public float[] Decode(AudioPayload payload)
    {
        var bytes = PcmOf(payload).Span;
        if (maxMessage is { } limit && Frames(payload.Pcm) > limit.ToSamples(sampleRate))
        {
            throw AudioLimitExceededException.TooLong("the message", limit);
        }

        var frameBytes = 2 * channels;
        var joined = new byte[_carryLength + bytes.Length];
        _carry.AsSpan(0, _carryLength).CopyTo(joined);
        bytes.CopyTo(joined.AsSpan(_carryLength));
        var whole = joined.Length / frameBytes * frameBytes;
        _carryLength = joined.Length - whole;
        joined.AsSpan(whole).CopyTo(_carry);

        var mono = PcmSamples.Downmix(PcmSamples.FromInt16(joined.AsSpan(0, whole)), channels);
        return _resampler.Process(mono).ToArray();
    }

    private static ReadOnlyMemory<byte> PcmOf(AudioPayload payload) => payload.OpusPackets is null
        ? payload.Pcm
        : throw new InvalidAudioException("this stream is configured for LINEAR16 but the message carries Opus packets");

    /// <summary>Whole sample frames in <paramref name="pcm"/> with the carried partial frame in front.</summary>
    private long Frames(ReadOnlyMemory<byte> pcm) => ((long)_carryLength + pcm.Length) / (2 * channels);
}
