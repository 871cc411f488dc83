namespace Stt.Audio;

/// <summary>
/// Reads EBML's variable-size integers (RFC 8794) at a position in the data, moving it past them: element ids (1 to 4
/// bytes, length marker kept), element sizes (1 to 8 bytes, marker dropped; all ones means unknown) and the big-endian
/// unsigned integers that elements hold. Positions only move within the data: every length is compared with what remains.
/// </summary>
internal static class EbmlReader
{
    /// <exception cref="InvalidAudioException">No bytes left, the id's first byte marks no length from 1 to 4, or the id runs past the data.</exception>
    public static uint ReadId(ReadOnlySpan<byte> data, ref int position)
    {
        if (position >= data.Length)
        {
            throw new InvalidAudioException($"WebM file is truncated at byte {position}");
        }

        var first = data[position];
        var length = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : first >= 0x10 ? 4 : 0;
        if (length == 0 || length > data.Length - position)
        {
            throw new InvalidAudioException($"WebM file is corrupt at byte {position}: bad element id");
        }

        uint id = 0;
        for (var i = 0; i < length; i++)
        {
            id = (id << 8) | data[position + i];
        }

        position += length;
        return id;
    }

    /// <param name="data">The data.</param>
    /// <param name="position">Where the size starts; on return, where it ends.</param>
    /// <param name="unknown">All its value bits are ones: the size is unknown (a live recorder's Segment and Clusters).</param>
    /// <exception cref="InvalidAudioException">No bytes left, a first byte of zero, or the size runs past the data.</exception>
    public static ulong ReadSize(ReadOnlySpan<byte> data, ref int position, out bool unknown)
    {
        if (position >= data.Length)
        {
            throw new InvalidAudioException($"WebM file is truncated at byte {position}");
        }

        var first = data[position];
        var length = 1;
        while (length <= 8 && (first & (0x80 >> (length - 1))) == 0)
        {
            length++;
        }

        if (length > 8 || length > data.Length - position)
        {
            throw new InvalidAudioException($"WebM file is corrupt at byte {position}: bad element size");
        }

        ulong value = (ulong)(first & (0xFF >> length));
        var allOnes = value == (ulong)(0xFF >> length);
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | data[position + i];
            allOnes &= data[position + i] == 0xFF;
        }

        position += length;
        unknown = allOnes;
        return value;
    }

    /// <summary>An unsigned integer element's body: big-endian, as many bytes as it has.</summary>
    public static ulong ReadUnsigned(ReadOnlySpan<byte> body)
    {
        ulong value = 0;
        foreach (var b in body)
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
