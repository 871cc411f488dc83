using System.Buffers.Binary;
using System.Text;

namespace Stt.Audio;

/// <summary>
/// Decodes the Opus track of a WebM/Matroska file (what browsers' MediaRecorder produces) to 16 kHz mono.
/// No maintained managed Matroska reader is on NuGet, so this is a small EBML walker of our own: it descends
/// into Segment, Tracks, TrackEntry, Cluster and BlockGroup (elements of unknown size, as live recorders write
/// them, included), reads the first Opus audio track and its SimpleBlocks/Blocks, and skips everything else.
/// </summary>
public static class WebMOpusReader
{
    private const uint EbmlHeader = 0x1A45DFA3;
    private const uint DocType = 0x4282;
    private const uint Segment = 0x18538067;
    private const uint Cluster = 0x1F43B675;
    private const uint Tracks = 0x1654AE6B;
    private const uint TrackEntry = 0xAE;
    private const uint BlockGroup = 0xA0;
    private const uint AudioSettings = 0xE1;
    private const uint TrackNumber = 0xD7;
    private const uint CodecId = 0x86;
    private const uint CodecPrivate = 0x63A2;
    private const uint Channels = 0x9F;
    private const uint SimpleBlock = 0xA3;
    private const uint Block = 0xA1;
    private static readonly HashSet<uint> Containers = [EbmlHeader, Segment, Cluster, Tracks, TrackEntry, BlockGroup, AudioSettings];

    /// <summary>True when the bytes start with an EBML header (WebM, Matroska).</summary>
    public static bool IsWebM(ReadOnlySpan<byte> data) => data.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(data) == EbmlHeader;

    /// <summary>Decodes the file's Opus track.</summary>
    /// <exception cref="InvalidAudioException">Not WebM, no Opus track, or truncated or corrupt.</exception>
    public static DecodedAudio Read(ReadOnlySpan<byte> data)
    {
        if (!IsWebM(data))
        {
            throw new InvalidAudioException("not a WebM file: it does not start with an EBML header");
        }

        var tracks = new Dictionary<ulong, (string Codec, int Channels, byte[]? Head)>();
        ulong currentTrack = 0;
        string currentCodec = string.Empty;
        int currentChannels = 1;
        byte[]? currentHead = null;
        var blocks = new List<(ulong Track, byte[] Frame)>();
        var position = 0;
        while (position < data.Length)
        {
            var start = position;
            var id = ReadId(data, ref position);
            var size = ReadSize(data, ref position, out var unknown);
            if (id == TrackEntry && currentTrack != 0)
            {
                tracks[currentTrack] = (currentCodec, currentChannels, currentHead);
            }

            if (Containers.Contains(id))
            {
                if (id == TrackEntry)
                {
                    (currentTrack, currentCodec, currentChannels, currentHead) = (0, string.Empty, 1, null);
                }

                continue; // descend: children follow inline, whatever the container's size
            }

            if (unknown || size > (ulong)(data.Length - position))
            {
                throw new InvalidAudioException($"WebM file is truncated or corrupt at byte {start}: an element needs more bytes than remain");
            }

            var body = data.Slice(position, (int)size);
            position += (int)size;
            switch (id)
            {
                case DocType when Encoding.ASCII.GetString(body) is not ("webm" or "matroska"):
                    throw new InvalidAudioException($"EBML document type '{Encoding.ASCII.GetString(body)}' is not WebM or Matroska");
                case TrackNumber:
                    currentTrack = ReadUnsigned(body);
                    break;
                case CodecId:
                    currentCodec = Encoding.ASCII.GetString(body).TrimEnd('\0');
                    break;
                case CodecPrivate:
                    currentHead = body.ToArray();
                    break;
                case Channels:
                    currentChannels = (int)ReadUnsigned(body);
                    break;
                case SimpleBlock or Block:
                    ReadBlock(body, start, blocks);
                    break;
            }
        }

        if (currentTrack != 0)
        {
            tracks[currentTrack] = (currentCodec, currentChannels, currentHead);
        }

        var opus = tracks.FirstOrDefault(t => t.Value.Codec == "A_OPUS");
        if (opus.Key == 0)
        {
            var codecs = tracks.Count == 0 ? "no tracks" : string.Join(", ", tracks.Values.Select(t => t.Codec));
            throw new InvalidAudioException($"WebM file has no Opus audio track ({codecs}); record with audio/webm;codecs=opus or convert to WAV");
        }

        var decoder = new OpusStreamDecoder(48000);
        var packets = blocks.Where(b => b.Track == opus.Key).Select(b => (ReadOnlyMemory<byte>)b.Frame).ToList();
        var samples = decoder.Decode(AudioPayload.FromOpus(packets));
        var preSkip = opus.Value.Head is { Length: >= 12 } head ? BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(10)) / 3 : 0;
        return new DecodedAudio(
            samples.AsSpan(Math.Min(preSkip, samples.Length)).ToArray(),
            $"WebM Opus {(opus.Value.Channels == 2 ? "stereo" : "mono")}",
            decoder.PacketsConcealed);
    }

    private static void ReadBlock(ReadOnlySpan<byte> body, int offset, List<(ulong Track, byte[] Frame)> blocks)
    {
        var position = 0;
        var track = ReadSize(body, ref position, out _);
        if (position + 3 > body.Length)
        {
            throw new InvalidAudioException($"WebM block at byte {offset} is truncated");
        }

        var flags = body[position + 2];
        position += 3;
        var frames = body[position..];
        var lacing = (flags >> 1) & 3;
        if (lacing != 0 && frames.IsEmpty)
        {
            throw new InvalidAudioException($"WebM block at byte {offset} is truncated");
        }

        switch (lacing)
        {
            case 0:
                blocks.Add((track, frames.ToArray()));
                break;
            case 2: // fixed-size lacing
                var count = frames[0] + 1;
                var each = (frames.Length - 1) / count;
                for (var i = 0; i < count; i++)
                {
                    blocks.Add((track, frames.Slice(1 + (i * each), each).ToArray()));
                }

                break;
            case 1: // Xiph lacing
                var laced = frames[0] + 1;
                var at = 1;
                var sizes = new int[laced];
                for (var i = 0; i < laced - 1; i++)
                {
                    int value;
                    do
                    {
                        if (at >= frames.Length)
                        {
                            throw new InvalidAudioException($"WebM block at byte {offset} has truncated lacing");
                        }

                        value = frames[at++];
                        sizes[i] += value;
                    }
                    while (value == 255);
                }

                sizes[^1] = frames.Length - at - sizes[..^1].Sum();
                if (sizes[^1] < 0)
                {
                    throw new InvalidAudioException($"WebM block at byte {offset} declares more laced data than it holds");
                }

                foreach (var size in sizes)
                {
                    blocks.Add((track, frames.Slice(at, size).ToArray()));
                    at += size;
                }

                break;
            default:
                throw new InvalidAudioException($"WebM block at byte {offset} uses EBML lacing, which is not supported");
        }
    }

    private static uint ReadId(ReadOnlySpan<byte> data, ref int position)
    {
        var first = data[position];
        var length = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : first >= 0x10 ? 4 : 0;
        if (length == 0 || position + length > data.Length)
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

    private static ulong ReadSize(ReadOnlySpan<byte> data, ref int position, out bool unknown)
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

        if (length > 8 || position + length > data.Length)
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

    private static ulong ReadUnsigned(ReadOnlySpan<byte> body)
    {
        ulong value = 0;
        foreach (var b in body)
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
