namespace Stt.Audio;

/// <summary>One Ogg page (RFC 3533): its header fields and the packets or packet pieces it carries.</summary>
/// <param name="Offset">Byte offset of the page in the file.</param>
/// <param name="HeaderType">Flags: 1 continued packet, 2 beginning of stream, 4 end of stream.</param>
/// <param name="GranulePosition">Codec-defined position at the end of the page (48 kHz samples for Opus).</param>
/// <param name="Serial">Logical stream id.</param>
/// <param name="Segments">Payload pieces: each ends a packet unless <c>Complete</c> is false (it continues on the next page).</param>
public sealed record OggPage(long Offset, byte HeaderType, long GranulePosition, uint Serial, IReadOnlyList<(ReadOnlyMemory<byte> Data, bool Complete)> Segments)
{
    /// <summary>First page of a logical stream.</summary>
    public bool IsBeginningOfStream => (HeaderType & 2) != 0;

    /// <summary>Last page of a logical stream.</summary>
    public bool IsEndOfStream => (HeaderType & 4) != 0;
}
