using System.Text;

namespace Stt.Testing;

/// <summary>Writes WebM files with one Opus track the way MediaRecorder does (unknown-size Segment and Clusters, SimpleBlocks).</summary>
public static class WebMWriter
{
    public static byte[] Write(IReadOnlyList<byte[]> packets, string codec = "A_OPUS", int packetsPerCluster = 50)
    {
        using var output = new MemoryStream();
        Element(output, 0x1A45DFA3, Concat(Element(0x4282, Encoding.ASCII.GetBytes("webm")), Element(0x4287, [4])));
        output.Write([0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]); // Segment, unknown size
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = 1;
        BitConverter.TryWriteBytes(head.AsSpan(10), (ushort)312);
        BitConverter.TryWriteBytes(head.AsSpan(12), 48000);
        var entry = Concat(Element(0xD7, [1]), Element(0x83, [2]), Element(0x86, Encoding.ASCII.GetBytes(codec)), Element(0x63A2, head), Element(0xE1, Element(0x9F, [1])));
        Element(output, 0x1654AE6B, Element(0xAE, entry));
        for (var i = 0; i < packets.Count; i += packetsPerCluster)
        {
            output.Write([0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]); // Cluster, unknown size
            Element(output, 0xE7, [(byte)(i / packetsPerCluster)]);
            foreach (var (packet, j) in packets.Skip(i).Take(packetsPerCluster).Select((p, j) => (p, j)))
            {
                var time = (short)(j * 20);
                Element(output, 0xA3, Concat([0x81, (byte)(time >> 8), (byte)time, 0x80], packet));
            }
        }

        return output.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Element(uint id, byte[] body)
    {
        using var output = new MemoryStream();
        Element(output, id, body);
        return output.ToArray();
    }

    private static void Element(Stream output, uint id, byte[] body)
    {
        var idBytes = BitConverter.GetBytes(id).Reverse().SkipWhile(b => b == 0).ToArray();
        output.Write(idBytes);
        // 8-byte size: 0x01 marker then 7 bytes of length
        var size = new byte[8];
        size[0] = 0x01;
        var length = (ulong)body.Length;
        for (var i = 7; i >= 1; i--)
        {
            size[i] = (byte)length;
            length >>= 8;
        }

        output.Write(size);
        output.Write(body);
    }
}
