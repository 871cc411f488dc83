using Concentus;

namespace Stt.Audio;

/// <summary>
/// Decodes a stream of raw Opus packets to 16 kHz mono. The decoder downmixes itself and runs at 48 kHz, then a
/// stateful resampler brings the audio to 16 kHz: Concentus 2.2.2 decodes CELT and hybrid packets (what 24 and
/// 48 kHz encoders, browsers included, produce) to silence when asked for 16 kHz output directly. A lost (empty)
/// or corrupt packet is replaced by packet-loss concealment and counted; when most of the recent packets fail,
/// the stream is not Opus and decoding stops with an error naming the packet index.
/// </summary>
public sealed class OpusStreamDecoder : IAudioStreamDecoder
{
    /// <summary>Recent packets looked at to decide that a stream is undecodable.</summary>
    public const int FailureWindow = 16;

    /// <summary>Failures within <see cref="FailureWindow"/> packets that end the stream.</summary>
    public const int FailureLimit = 8;

    private const int DecodeRate = 48000;
    private const int MaxFrameSamples = DecodeRate * 120 / 1000; // 120 ms, the longest Opus packet
    private const int DefaultConcealSamples = DecodeRate * 20 / 1000;
    private readonly IOpusDecoder _decoder = OpusCodecFactory.CreateDecoder(DecodeRate, 1);
    private readonly MonoResampler _resampler = new(DecodeRate);
    private readonly float[] _frame = new float[MaxFrameSamples];
    private readonly Queue<bool> _recent = new();
    private readonly int _encoderRate;
    private int _recentFailures;
    private int _lastFrameSamples = DefaultConcealSamples;

    /// <summary>Creates a decoder for packets encoded at <paramref name="encoderRate"/> Hz.</summary>
    public OpusStreamDecoder(int encoderRate) => _encoderRate = encoderRate;

    /// <inheritdoc />
    public int PacketsReceived { get; private set; }

    /// <inheritdoc />
    public int PacketsConcealed { get; private set; }

    /// <inheritdoc />
    public float[] Decode(AudioPayload payload)
    {
        var packets = payload.OpusPackets
            ?? throw new InvalidAudioException("this stream is configured for OPUS but the message carries LINEAR16 audio");
        var output = new List<float>(packets.Count * DefaultConcealSamples / 3);
        foreach (var packet in packets)
        {
            DecodePacket(packet.Span, output);
        }

        return [.. output];
    }

    private void DecodePacket(ReadOnlySpan<byte> packet, List<float> output)
    {
        var index = PacketsReceived++;
        string? failure = null;
        var samples = 0;
        if (packet.Length > OpusRates.MaxPacketBytes)
        {
            failure = $"{packet.Length} bytes, more than the Opus maximum of {OpusRates.MaxPacketBytes}";
        }
        else if (!packet.IsEmpty)
        {
            try
            {
                samples = _decoder.Decode(packet, _frame, MaxFrameSamples);
                failure = samples > 0 ? null : "no audio in packet";
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OpusException)
            {
                failure = ex.Message;
            }
        }

        if (failure is null && samples > 0)
        {
            _lastFrameSamples = samples;
            output.AddRange(_resampler.Process(_frame.AsSpan(0, samples)));
            Record(failed: false, index, failure);
            return;
        }

        // Lost (empty) or corrupt: conceal with as much audio as the last good packet carried.
        PacketsConcealed++;
        var concealed = _decoder.Decode(ReadOnlySpan<byte>.Empty, _frame, _lastFrameSamples);
        output.AddRange(_resampler.Process(_frame.AsSpan(0, Math.Max(0, concealed))));
        if (!packet.IsEmpty)
        {
            Record(failed: true, index, failure);
        }
    }

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
