namespace Stt.Audio;

/// <summary>
/// Reads a Matroska SimpleBlock's or Block's body: its track number, timecode and flags, then its frames, one or laced
/// (Xiph or fixed-size; EBML lacing is not supported). Every size is checked against the bytes the block holds before
/// it is added up, so no lacing, however long, can overflow.
/// </summary>
internal static class WebMBlockReader
{
    /// <summary>The block's track number and its frames (up to 256), as slices of <paramref name="body"/>.</summary>
    /// <param name="body">The block element's body.</param>
    /// <param name="offset">Where the block element starts in the file, for errors.</param>
    /// <exception cref="InvalidAudioException">The block is truncated, its lacing is corrupt (fixed-size frames that do not divide it evenly, too), or it uses EBML lacing.</exception>
    public static (ulong Track, List<ReadOnlyMemory<byte>> Frames) Read(ReadOnlyMemory<byte> body, long offset)
    {
        var position = 0;
        var track = EbmlReader.ReadSize(body.Span, ref position, out _);
        if (position > body.Length - 3)
        {
            throw new InvalidAudioException($"WebM block at byte {offset} is truncated");
        }

        var flags = body.Span[position + 2]; // after the 16-bit timecode
        var laced = body[(position + 3)..];
        var lacing = (flags >> 1) & 3;
        if (lacing != 0 && laced.IsEmpty)
        {
            throw new InvalidAudioException($"WebM block at byte {offset} is truncated");
        }

        return lacing switch
        {
            0 => (track, [laced]),
            1 => (track, ReadXiphLaced(laced, offset)),
            2 => (track, ReadFixedSizeLaced(laced, offset)),
            _ => throw new InvalidAudioException($"WebM block at byte {offset} uses EBML lacing, which is not supported"),
        };
    }

    /// <summary>Frame count less one, then every frame but the last's size as a run of bytes ending below 255.</summary>
    private static List<ReadOnlyMemory<byte>> ReadXiphLaced(ReadOnlyMemory<byte> laced, long offset)
    {
        var span = laced.Span;
        var sizes = new int[span[0] + 1];
        var at = 1;
        long declared = 0; // of the frames but the last, which may not exceed what follows the lacing
        for (var i = 0; i < sizes.Length - 1; i++)
        {
            int value;
            do
            {
                if (at >= span.Length)
                {
                    throw new InvalidAudioException($"WebM block at byte {offset} has truncated lacing");
                }

                value = span[at++];
                declared += value;
                if (declared > span.Length - at)
                {
                    throw new InvalidAudioException($"WebM block at byte {offset} declares more laced data than it holds");
                }

                sizes[i] += value;
            }
            while (value == 255);
        }

        sizes[^1] = span.Length - at - (int)declared;
        var frames = new List<ReadOnlyMemory<byte>>(sizes.Length);
        foreach (var size in sizes)
        {
            frames.Add(laced.Slice(at, size));
            at += size;
        }

        return frames;
    }

    /// <summary>Frame count less one, then frames of one size that share the rest of the block evenly.</summary>
    private static List<ReadOnlyMemory<byte>> ReadFixedSizeLaced(ReadOnlyMemory<byte> laced, long offset)
    {
        var count = laced.Span[0] + 1;
        if ((laced.Length - 1) % count != 0)
        {
            throw new InvalidAudioException($"WebM block at byte {offset} has fixed-size lacing of {count} frames over {laced.Length - 1} bytes, which do not divide evenly");
        }

        var each = (laced.Length - 1) / count;
        var frames = new List<ReadOnlyMemory<byte>>(count);
        for (var i = 0; i < count; i++)
        {
            frames.Add(laced.Slice(1 + (i * each), each));
        }

        return frames;
    }
}
