namespace Stt.Audio;

/// <summary>
/// Reads a Matroska SimpleBlock's or Block's body: its track number, timecode and flags, then its frames, one or laced
/// (Xiph or fixed-size; EBML lacing is not supported).
/// </summary>
internal static class WebMBlockReader
{
    /// <summary>Adds the block's frames, with its track number, to <paramref name="frames"/>.</summary>
    /// <param name="body">The block element's body.</param>
    /// <param name="offset">Where the block element starts in the file, for errors.</param>
    /// <param name="frames">Where the frames go, in order.</param>
    /// <exception cref="InvalidAudioException">The block is truncated, its lacing is corrupt (fixed-size frames that do not divide it evenly, too), or it uses EBML lacing.</exception>
    public static void Read(ReadOnlySpan<byte> body, int offset, List<(ulong Track, byte[] Frame)> frames)
    {
        var position = 0;
        var track = EbmlReader.ReadSize(body, ref position, out _);
        if (position + 3 > body.Length)
        {
            throw new InvalidAudioException($"WebM block at byte {offset} is truncated");
        }

        var flags = body[position + 2]; // after the 16-bit timecode
        var laced = body[(position + 3)..];
        var lacing = (flags >> 1) & 3;
        if (lacing != 0 && laced.IsEmpty)
        {
            throw new InvalidAudioException($"WebM block at byte {offset} is truncated");
        }

        switch (lacing)
        {
            case 0:
                frames.Add((track, laced.ToArray()));
                break;
            case 1:
                ReadXiphLaced(laced, offset, track, frames);
                break;
            case 2:
                ReadFixedSizeLaced(laced, offset, track, frames);
                break;
            default:
                throw new InvalidAudioException($"WebM block at byte {offset} uses EBML lacing, which is not supported");
        }
    }

    /// <summary>Frame count less one, then every frame but the last's size as a run of bytes ending below 255.</summary>
    private static void ReadXiphLaced(ReadOnlySpan<byte> laced, int offset, ulong track, List<(ulong Track, byte[] Frame)> frames)
    {
        var at = 1;
        var sizes = new int[laced[0] + 1];
        for (var i = 0; i < sizes.Length - 1; i++)
        {
            int value;
            do
            {
                if (at >= laced.Length)
                {
                    throw new InvalidAudioException($"WebM block at byte {offset} has truncated lacing");
                }

                value = laced[at++];
                sizes[i] += value;
            }
            while (value == 255);
        }

        sizes[^1] = laced.Length - at - sizes[..^1].Sum();
        if (sizes[^1] < 0)
        {
            throw new InvalidAudioException($"WebM block at byte {offset} declares more laced data than it holds");
        }

        foreach (var size in sizes)
        {
            frames.Add((track, laced.Slice(at, size).ToArray()));
            at += size;
        }
    }

    /// <summary>Frame count less one, then frames of one size that share the rest of the block evenly.</summary>
    private static void ReadFixedSizeLaced(ReadOnlySpan<byte> laced, int offset, ulong track, List<(ulong Track, byte[] Frame)> frames)
    {
        var count = laced[0] + 1;
        if ((laced.Length - 1) % count != 0)
        {
            throw new InvalidAudioException($"WebM block at byte {offset} has fixed-size lacing of {count} frames over {laced.Length - 1} bytes, which do not divide evenly");
        }

        var each = (laced.Length - 1) / count;
        for (var i = 0; i < count; i++)
        {
            frames.Add((track, laced.Slice(1 + (i * each), each).ToArray()));
        }
    }
}
