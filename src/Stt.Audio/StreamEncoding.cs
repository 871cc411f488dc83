namespace Stt.Audio;

/// <summary>Encodings a live stream can carry.</summary>
public enum StreamEncoding
{
    /// <summary>Raw Opus packets, no container.</summary>
    Opus,

    /// <summary>Signed 16-bit little-endian PCM, interleaved.</summary>
    Linear16,
}
