using System.Buffers.Binary;
using System.Text;
using Stt.Audio;

namespace Stt.Testing;

/// <summary>Writes Ogg Opus files (RFC 7845) from raw packets, so the reader can be tested against files with known content.</summary>
public static class OggOpusWriter
{
    /// <summary>One logical stream; <paramref name="packetsPerPage"/> audio packets per page.</summary>
    public static byte[] Write(IReadOnlyList<byte[]> packets, int channels = 1, int preSkip = 312, int packetsPerPage = 10, uint serial = 0x5354540A, int frameSamples48k = 960)
    {
        using var output = new MemoryStream();
        WriteLink(output, packets, channels, preSkip, packetsPerPage, serial, frameSamples48k);
        return output.ToArray();
    }

    /// <summary>Writes one link (head, tags, audio pages ending with end-of-stream) to <paramref name="output"/>.</summary>
    public static void WriteLink(Stream output, IReadOnlyList<byte[]> packets, int channels, int preSkip, int packetsPerPage, uint serial, int frameSamples48k = 960)
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), (ushort)preSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48000);
        var tags = Encoding.ASCII.GetBytes("OpusTags").Concat(new byte[] { 4, 0, 0, 0 }).Concat("test"u8.ToArray()).Concat(new byte[4]).ToArray();
        uint sequence = 0;
        WritePage(output, [head], 2, 0, serial, sequence++);
        WritePage(output, [tags], 0, 0, serial, sequence++);
        long granule = preSkip;
        for (var i = 0; i < packets.Count; i += packetsPerPage)
        {
            var page = packets.Skip(i).Take(packetsPerPage).ToList();
            granule += (long)page.Count * frameSamples48k;
            var last = i + packetsPerPage >= packets.Count;
            WritePage(output, page, (byte)(last ? 4 : 0), granule, serial, sequence++);
        }
    }

    private static void WritePage(Stream output, IReadOnlyList<byte[]> packets, byte headerType, long granule, uint serial, uint sequence)
    {
        var lacing = new List<byte>();
        foreach (var packet in packets)
        {
            var remaining = packet.Length;
            while (remaining >= 255)
            {
                lacing.Add(255);
                remaining -= 255;
            }

            lacing.Add((byte)remaining);
        }

        var page = new byte[27 + lacing.Count + packets.Sum(p => p.Length)];
        "OggS"u8.CopyTo(page);
        page[5] = headerType;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(14), serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence);
        page[26] = (byte)lacing.Count;
        lacing.ToArray().CopyTo(page, 27);
        var position = 27 + lacing.Count;
        foreach (var packet in packets)
        {
            packet.CopyTo(page, position);
            position += packet.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), OggPageReader.Crc(page));
        output.Write(page);
    }
}
