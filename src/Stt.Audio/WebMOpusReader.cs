using System.Buffers.Binary;
using System.Text;

namespace Stt.Audio;

/// <summary>
/// Decodes the Opus track of a WebM/Matroska file (what browsers' MediaRecorder produces) to 16 kHz mono.
/// No maintained managed Matroska reader is on NuGet, so this is a small EBML walker of our own: it descends
/// into Segment, Tracks, TrackEntry, Cluster and BlockGroup (elements of unknown size, as live recorders write
/// them, included), reads the first Opus audio track and its SimpleBlocks/Blocks, and skips everything else.
/// Elements are read by <see cref="EbmlReader"/>, blocks and their lacing by <see cref="WebMBlockReader"/>.
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
            var id = EbmlReader.ReadId(data, ref position);
            var size = EbmlReader.ReadSize(data, ref position, out var unknown);
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
                    currentTrack = EbmlReader.ReadUnsigned(body);
                    break;
                case CodecId:
                    currentCodec = Encoding.ASCII.GetString(body).TrimEnd('\0');
                    break;
                case CodecPrivate:
                    currentHead = body.ToArray();
                    break;
                case Channels:
                    currentChannels = (int)EbmlReader.ReadUnsigned(body);
                    break;
                case SimpleBlock or Block:
                    WebMBlockReader.Read(body, start, blocks);
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
}
