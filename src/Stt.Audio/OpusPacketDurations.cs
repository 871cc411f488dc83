using Concentus.Structs;

namespace Stt.Audio;

/// <summary>
/// How much audio each packet of one Opus stream stands for, in 48 kHz samples, without decoding it: what its TOC byte
/// declares (RFC 6716, 3.1), or, for an empty (lost), oversized or invalid packet, as much as the packet before it (what
/// <see cref="OpusStreamDecoder"/> conceals it with). A stream starts at 20 ms, the common frame. A value type on
/// purpose: a copy measures ahead without moving the original.
/// </summary>
internal struct OpusPacketDurations()
{
    /// <summary>The rate the durations are counted at, Hz.</summary>
    public const int Rate = 48000;

    private int _last = Rate / 50;

    /// <summary>The duration the next empty or invalid packet will get, 48 kHz samples.</summary>
    public readonly int Last => _last;

    /// <summary>The duration of <paramref name="packet"/>, 48 kHz samples (120 to 5760); it becomes <see cref="Last"/>.</summary>
    public int Next(ReadOnlySpan<byte> packet) => Next(packet, out _);

    /// <summary>As <see cref="Next(ReadOnlySpan{byte})"/>.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="lost">True when the packet declares no duration of its own (empty, oversized or an invalid TOC): it will be concealed whatever its body holds.</param>
    public int Next(ReadOnlySpan<byte> packet, out bool lost)
    {
        // GetNumSamples reads only the TOC and frame count: -1 for an empty packet, -4 for an invalid one or one over
        // 120 ms, 0 for a code 3 packet of zero frames.
        var declared = packet.IsEmpty || packet.Length > OpusRates.MaxPacketBytes ? 0 : OpusPacketInfo.GetNumSamples(packet, Rate);
        lost = declared <= 0;
        if (!lost)
        {
            _last = declared;
        }

        return _last;
    }
}
