namespace Stt.Audio;

/// <summary>One audio message of a live stream: Opus packets or PCM bytes.</summary>
public sealed record AudioPayload
{
    private AudioPayload(IReadOnlyList<ReadOnlyMemory<byte>>? opusPackets, ReadOnlyMemory<byte> pcm)
    {
        OpusPackets = opusPackets;
        Pcm = pcm;
    }

    /// <summary>The Opus packets, or null for a PCM payload.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? OpusPackets { get; }

    /// <summary>The PCM bytes (empty for an Opus payload).</summary>
    public ReadOnlyMemory<byte> Pcm { get; }

    /// <summary>True when the message carries no audio at all.</summary>
    public bool IsEmpty => OpusPackets is null ? Pcm.IsEmpty : OpusPackets.Count == 0;

    /// <summary>A payload of Opus packets.</summary>
    public static AudioPayload FromOpus(IReadOnlyList<ReadOnlyMemory<byte>> packets) => new(packets, default);

    /// <summary>A payload of PCM bytes.</summary>
    public static AudioPayload FromPcm(ReadOnlyMemory<byte> bytes) => new(null, bytes);
}
