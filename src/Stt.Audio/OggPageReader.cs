using System.Buffers.Binary;

namespace Stt.Audio;

/// <summary>
/// Reads Ogg pages and reassembles packets (RFC 3533), checking every page's CRC. Concentus has no Ogg reader
/// and the Concentus.OggFile package is not available, so this small one is ours.
/// </summary>
public static class OggPageReader
{
    private const int HeaderBytes = 27;
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>True when the bytes start with an Ogg capture pattern.</summary>
    public static bool IsOgg(ReadOnlySpan<byte> data) => data.Length >= 4 && data[..4].SequenceEqual("OggS"u8);

    /// <summary>Reads every page.</summary>
    /// <exception cref="InvalidAudioException">A page is truncated, corrupt or not where the previous one ended.</exception>
    public static IEnumerable<OggPage> ReadPages(ReadOnlyMemory<byte> data)
    {
        var position = 0;
        while (position < data.Length)
        {
            var page = ReadPage(data, position, out var next);
            position = next;
            yield return page;
        }
    }

    /// <summary>
    /// Reassembles the packets of every logical stream, page by page, with the page that ends each. A packet within one
    /// page is copied once; only a packet continued across pages is gathered in a buffer of its stream's.
    /// </summary>
    public static IEnumerable<(uint Serial, byte[] Packet, OggPage Page)> ReadPackets(ReadOnlyMemory<byte> data)
    {
        var partial = new Dictionary<uint, List<byte>>();
        foreach (var page in ReadPages(data))
        {
            foreach (var (segment, complete) in page.Segments)
            {
                partial.TryGetValue(page.Serial, out var buffer);
                if (complete && buffer is null)
                {
                    yield return (page.Serial, segment.ToArray(), page);
                    continue;
                }

                if (buffer is null)
                {
                    partial[page.Serial] = buffer = [];
                }

                buffer.AddRange(segment.Span);
                if (complete)
                {
                    partial.Remove(page.Serial);
                    yield return (page.Serial, [.. buffer], page);
                }
            }
        }

        if (partial.Count > 0)
        {
            throw new InvalidAudioException("Ogg file is truncated: its last packet is incomplete");
        }
    }

    private static OggPage ReadPage(ReadOnlyMemory<byte> memory, int offset, out int next)
    {
        var data = memory.Span;
        if (data.Length - offset < HeaderBytes)
        {
            throw new InvalidAudioException($"Ogg file is truncated at byte {offset}: an incomplete page header");
        }

        var header = data.Slice(offset, HeaderBytes);
        if (!header[..4].SequenceEqual("OggS"u8) || header[4] != 0)
        {
            throw new InvalidAudioException($"Ogg file is corrupt at byte {offset}: expected a page ('OggS', version 0)");
        }

        int segmentCount = header[26];
        if (data.Length - offset < HeaderBytes + segmentCount)
        {
            throw new InvalidAudioException($"Ogg file is truncated at byte {offset}: an incomplete segment table");
        }

        var lacing = data.Slice(offset + HeaderBytes, segmentCount);
        var bodyLength = 0;
        foreach (var value in lacing)
        {
            bodyLength += value;
        }

        var pageLength = HeaderBytes + segmentCount + bodyLength;
        if (data.Length - offset < pageLength)
        {
            throw new InvalidAudioException(
                $"Ogg file is truncated at byte {offset}: the page needs {pageLength} bytes, {data.Length - offset} remain");
        }

        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[22..]);
        if (Crc(data.Slice(offset, pageLength)) != expectedCrc)
        {
            throw new InvalidAudioException($"Ogg page at byte {offset} fails its checksum: the file is corrupt");
        }

        var segments = new List<(ReadOnlyMemory<byte>, bool)>(segmentCount); // never more pieces than lacing values
        var bodyStart = offset + HeaderBytes + segmentCount;
        var runStart = bodyStart;
        var runLength = 0;
        foreach (var value in lacing)
        {
            runLength += value;
            if (value < 255)
            {
                segments.Add((memory.Slice(runStart, runLength), true));
                runStart += runLength;
                runLength = 0;
            }
        }

        if (runLength > 0 || (segmentCount > 0 && lacing[^1] == 255))
        {
            segments.Add((memory.Slice(runStart, runLength), false));
        }

        next = offset + pageLength;
        return new OggPage(
            offset,
            header[5],
            BinaryPrimitives.ReadInt64LittleEndian(header[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[14..]),
            segments);
    }

    /// <summary>The Ogg CRC-32 (polynomial 0x04C11DB7, not reflected) of a page with its CRC field read as zero.</summary>
    internal static uint Crc(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        for (var i = 0; i < page.Length; i++)
        {
            var b = i is >= 22 and < 26 ? (byte)0 : page[i];
            crc = (crc << 8) ^ CrcTable[((crc >> 24) & 0xFF) ^ b];
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var r = i << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}
