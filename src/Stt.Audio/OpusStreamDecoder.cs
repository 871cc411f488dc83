using Concentus;

namespace Stt.Audio;

/// <summary>
/// Decodes a stream of raw Opus packets to 16 kHz mono. The decoder downmixes itself and runs at 48 kHz, then a
/// stateful resampler brings the audio to 16 kHz: Concentus 2.2.2 decodes CELT and hybrid packets (what 24 and
/// 48 kHz encoders, browsers included, produce) to silence when asked for 16 kHz output directly. A lost (empty)
/// or corrupt packet is replaced by packet-loss concealment of the length it declares (or the previous packet's)
/// and counted; a run of concealment longer than the budget allows, or most of the recent packets failing (the
/// stream is not Opus), stops decoding with an error naming the packets. Every message is measured
/// (<see cref="Measure(AudioPayload)"/>) before anything is decoded, and nothing beyond the measure is allocated.
/// </summary>
public sealed class OpusStreamDecoder : IAudioStreamDecoder
{
    /// <summary>Recent packets looked at to decide that a stream is undecodable.</summary>
    public const int FailureWindow = 16;

    /// <summary>Failures within <see cref="FailureWindow"/> packets that end the stream.</summary>
    public const int FailureLimit = 8;

    private const int DecodeRate = OpusPacketDurations.Rate;
    private const int MaxFrameSamples = DecodeRate * 120 / 1000; // 120 ms, the longest Opus packet
    private readonly IOpusDecoder _decoder = OpusCodecFactory.CreateDecoder(DecodeRate, 1);
    private readonly MonoResampler _resampler = new(DecodeRate);
    private readonly float[] _frame = new float[MaxFrameSamples];
    private readonly Queue<bool> _recent = new();
    private readonly int _encoderRate;
    private readonly AudioLimit _maxConcealedRun;
    private readonly long _maxConcealedSamples;
    private readonly AudioLimit? _maxMessage;
    private OpusPacketDurations _durations = new();
    private int _recentFailures;
    private long _concealedRun;
    private int _concealedRunStart;

    /// <summary>Creates a decoder for packets encoded at <paramref name="encoderRate"/> Hz.</summary>
    /// <param name="encoderRate">The encoder's rate, Hz (8000, 12000, 16000, 24000 or 48000).</param>
    /// <param name="maxConcealedRun">The longest run of consecutive concealed packets, as audio time; a longer one ends the stream with <see cref="AudioLimitExceededException"/>.</param>
    /// <param name="maxMessage">The most audio one <see cref="Decode"/> may yield; null: no limit of its own (the caller measures).</param>
    public OpusStreamDecoder(int encoderRate, AudioLimit maxConcealedRun, AudioLimit? maxMessage = null)
    {
        _encoderRate = encoderRate;
        _maxConcealedRun = maxConcealedRun;
        _maxConcealedSamples = maxConcealedRun.ToSamples(DecodeRate);
        _maxMessage = maxMessage;
    }

    /// <inheritdoc />
    public int PacketsReceived { get; private set; }

    /// <inheritdoc />
    public int PacketsConcealed { get; private set; }

    /// <inheritdoc />
    public TimeSpan Measure(AudioPayload payload) => AudioTime.FromSamples(Measure(PacketsOf(payload)), DecodeRate);

    /// <inheritdoc />
    public float[] Decode(AudioPayload payload)
    {
        var packets = PacketsOf(payload);
        var measured = Measure(packets);
        if (_maxMessage is { } limit && measured > limit.ToSamples(DecodeRate))
        {
            throw AudioLimitExceededException.TooLong("the message", limit);
        }

        CheckLostRuns(packets); // before the output is allocated: a message may be a flood of empty packets
        var output = new List<float>(Capacity(measured));
        DecodePackets(packets, output);
        return [.. output];
    }

    /// <summary>
    /// Room for the 16 kHz samples of <paramref name="measured"/> 48 kHz samples: a third, and a little for the
    /// resampler's rounding (it holds back its filter delay, so it never gives more).
    /// </summary>
    internal static int Capacity(long measured) => (int)Math.Min((measured / 3) + 64, Array.MaxLength);

    /// <summary>
    /// Decodes <paramref name="packets"/> to the end of <paramref name="output"/>, adding at most a third of what they
    /// measure; the caller has measured them against its budget and sized <paramref name="output"/>. Runs of packets
    /// that are lost whatever they hold are checked before any is decoded.
    /// </summary>
    internal void DecodeTo(IReadOnlyList<ReadOnlyMemory<byte>> packets, List<float> output)
    {
        CheckLostRuns(packets);
        DecodePackets(packets, output);
    }

    private static IReadOnlyList<ReadOnlyMemory<byte>> PacketsOf(AudioPayload payload) => payload.OpusPackets
        ?? throw new InvalidAudioException("this stream is configured for OPUS but the message carries LINEAR16 audio");

    private long Measure(IReadOnlyList<ReadOnlyMemory<byte>> packets)
    {
        var durations = _durations; // a copy: measuring moves nothing
        long total = 0;
        foreach (var packet in packets)
        {
            total += durations.Next(packet.Span);
        }

        return total;
    }

    /// <summary>Refuses a message whose empty or invalid packets alone make too long a run, before decoding any.</summary>
    private void CheckLostRuns(IReadOnlyList<ReadOnlyMemory<byte>> packets)
    {
        var durations = _durations;
        var (run, start) = (_concealedRun, _concealedRunStart);
        for (var i = 0; i < packets.Count; i++)
        {
            var samples = durations.Next(packets[i].Span, out var lost);
            if (!lost)
            {
                run = 0; // it may still fail to decode; DecodePacket counts that
                continue;
            }

            start = run == 0 ? PacketsReceived + i : start;
            run += samples;
            if (run > _maxConcealedSamples)
            {
                throw ConcealedRunTooLong(start, PacketsReceived + i);
            }
        }
    }

    private void DecodePackets(IReadOnlyList<ReadOnlyMemory<byte>> packets, List<float> output)
    {
        foreach (var packet in packets)
        {
            DecodePacket(packet.Span, output);
        }
    }

    private void DecodePacket(ReadOnlySpan<byte> packet, List<float> output)
    {
        var index = PacketsReceived++;
        var duration = _durations.Next(packet, out var lost);
        string? failure = null;
        var samples = 0;
        if (packet.Length > OpusRates.MaxPacketBytes)
        {
            failure = $"{packet.Length} bytes, more than the Opus maximum of {OpusRates.MaxPacketBytes}";
        }
        else if (lost && !packet.IsEmpty)
        {
            failure = "its table-of-contents byte declares no valid frames";
        }
        else if (!packet.IsEmpty)
        {
            try
            {
                samples = Math.Min(_decoder.Decode(packet, _frame, MaxFrameSamples), duration);
                failure = samples > 0 ? null : "no audio in packet";
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OpusException)
            {
                failure = ex.Message;
            }
        }

        if (failure is null && samples > 0)
        {
            _concealedRun = 0;
            output.AddRange(_resampler.Process(_frame.AsSpan(0, samples)));
            Record(failed: false, index, failure);
            return;
        }

        // Lost (empty) or corrupt: conceal with as much audio as the packet declares, or the last one did.
        _concealedRunStart = _concealedRun == 0 ? index : _concealedRunStart;
        _concealedRun += duration;
        if (_concealedRun > _maxConcealedSamples)
        {
            throw ConcealedRunTooLong(_concealedRunStart, index);
        }

        PacketsConcealed++;
        var concealed = _decoder.Decode(ReadOnlySpan<byte>.Empty, _frame, duration);
        output.AddRange(_resampler.Process(_frame.AsSpan(0, Math.Clamp(concealed, 0, duration))));
        if (!packet.IsEmpty)
        {
            Record(failed: true, index, failure);
        }
    }

    private AudioLimitExceededException ConcealedRunTooLong(int first, int last) => new(
        $"Opus packets {first} to {last} are lost or cannot be decoded: more than {_maxConcealedRun.Amount} of audio in a row would be made up by concealment",
        _maxConcealedRun);

    private void Record(bool failed, int index, string? failure)
    {
        _recent.Enqueue(failed);
        _recentFailures += failed ? 1 : 0;
        if (_recent.Count > FailureWindow && _recent.Dequeue())
        {
            _recentFailures--;
        }

        if (failed && _recentFailures >= FailureLimit)
        {
            throw new InvalidAudioException(
                $"Opus packet {index} cannot be decoded ({failure}); {_recentFailures} of the last {_recent.Count} packets failed. "
                + $"Send raw Opus packets (no Ogg or WebM container) encoded at {_encoderRate} Hz, one per entry.");
        }
    }
}
