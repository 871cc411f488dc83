using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Stt.Audio;

/// <summary>
/// Decodes the Opus track of a WebM/Matroska file (what browsers' MediaRecorder produces) to 16 kHz mono.
/// No maintained managed Matroska reader is on NuGet, so this is a small EBML walker of our own: it descends
/// into Segment, Tracks, TrackEntry, Cluster and BlockGroup (elements of unknown size, as live recorders write
/// them, included) and skips everything else. A first walk finds the first Opus audio track; a second gathers that
/// track's frames from its SimpleBlocks/Blocks, measuring each against the budget, before any is decoded.
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

    /// <summary>
    /// False when the file is WebM/Matroska without an Opus track (Vorbis, AAC, video only: for an external converter);
    /// true when it has one, and for a file too broken to say, which <see cref="Read"/> then names.
    /// </summary>
    public static bool CarriesOpus(ReadOnlyMemory<byte> data)
    {
        try
        {
            return FindOpusTrack(data, out _).Number != 0;
        }
        catch (InvalidAudioException)
        {
            return true;
        }
    }

    /// <summary>Decodes the file's Opus track.</summary>
    /// <exception cref="InvalidAudioException">Not WebM, no Opus track, or truncated or corrupt.</exception>
    /// <exception cref="AudioLimitExceededException">The track decodes to more than <paramref name="budget"/> allows.</exception>
    public static DecodedAudio Read(ReadOnlyMemory<byte> data, AudioBudget budget)
    {
        if (!IsWebM(data.Span))
        {
            throw new InvalidAudioException("not a WebM file: it does not start with an EBML header");
        }

        var opus = FindOpusTrack(data, out var codecs);
        if (opus.Number == 0)
        {
            throw new InvalidAudioException($"WebM file has no Opus audio track ({codecs}); record with audio/webm;codecs=opus or convert to WAV");
        }

        var (frames, measured) = ReadFrames(data, opus.Number, budget.MaxAudio);
        var decoder = new OpusStreamDecoder(OpusPacketDurations.Rate, budget.MaxConcealedRun);
        var output = new List<float>(OpusStreamDecoder.Capacity(measured));
        decoder.DecodeTo(frames, output);
        var preSkip = Math.Min(opus.PreSkip / 3, output.Count);
        return new DecodedAudio(
            CollectionsMarshal.AsSpan(output)[preSkip..].ToArray(),
            $"WebM Opus {(opus.Channels == 2 ? "stereo" : "mono")}",
            decoder.PacketsConcealed);
    }

    /// <summary>
    /// Every element that is not a container, in file order, with where it starts; containers (their children follow
    /// inline, whatever the container's size) are yielded too, with an empty body.
    /// </summary>
    private static IEnumerable<(uint Id, int Start, ReadOnlyMemory<byte> Body)> Elements(ReadOnlyMemory<byte> data)
    {
        var position = 0;
        while (position < data.Length)
        {
            var start = position;
            var id = EbmlReader.ReadId(data.Span, ref position);
            var size = EbmlReader.ReadSize(data.Span, ref position, out var unknown);
            if (Containers.Contains(id))
            {
                yield return (id, start, ReadOnlyMemory<byte>.Empty);
                continue;
            }

            if (unknown || size > (ulong)(data.Length - position))
            {
                throw new InvalidAudioException($"WebM file is truncated or corrupt at byte {start}: an element needs more bytes than remain");
            }

            var body = data.Slice(position, (int)size);
            position += (int)size;
            yield return (id, start, body);
        }
    }

    /// <summary>The first Opus track (number 0 when there is none), and every track's codec for the error that says so.</summary>
    private static (ulong Number, int Channels, int PreSkip) FindOpusTrack(ReadOnlyMemory<byte> data, out string codecs)
    {
        var tracks = new List<(ulong Number, string Codec, int Channels, int PreSkip)>();
        (ulong Number, string Codec, int Channels, int PreSkip) current = (0, string.Empty, 1, 0);
        foreach (var (id, _, body) in Elements(data))
        {
            switch (id)
            {
                case TrackEntry:
                    if (current.Number != 0)
                    {
                        tracks.Add(current);
                    }

                    current = (0, string.Empty, 1, 0);
                    break;
                case DocType when Encoding.ASCII.GetString(body.Span) is not ("webm" or "matroska"):
                    throw new InvalidAudioException($"EBML document type '{Encoding.ASCII.GetString(body.Span)}' is not WebM or Matroska");
                case TrackNumber:
                    current.Number = EbmlReader.ReadUnsigned(body.Span);
                    break;
                case CodecId:
                    current.Codec = Encoding.ASCII.GetString(body.Span).TrimEnd('\0');
                    break;
                case CodecPrivate:
                    current.PreSkip = body.Length >= 12 ? BinaryPrimitives.ReadUInt16LittleEndian(body.Span[10..]) : 0; // OpusHead
                    break;
                case Channels:
                    current.Channels = EbmlReader.ReadUnsigned(body.Span) == 2 ? 2 : 1;
                    break;
            }
        }

        if (current.Number != 0)
        {
            tracks.Add(current);
        }

        codecs = tracks.Count == 0 ? "no tracks" : string.Join(", ", tracks.Select(t => t.Codec));
        var opus = tracks.FirstOrDefault(t => t.Codec == "A_OPUS");
        return (opus.Number, opus.Channels, opus.PreSkip);
    }

    /// <summary>The frames of <paramref name="track"/>, with the 48 kHz samples they measure, refused past <paramref name="maxAudio"/>.</summary>
    private static (List<ReadOnlyMemory<byte>> Frames, long Measured) ReadFrames(ReadOnlyMemory<byte> data, ulong track, AudioLimit maxAudio)
    {
        var frames = new List<ReadOnlyMemory<byte>>();
        var durations = new OpusPacketDurations();
        var limit = maxAudio.ToSamples(OpusPacketDurations.Rate);
        long measured = 0;
        foreach (var (id, start, body) in Elements(data))
        {
            if (id is not (SimpleBlock or Block))
            {
                continue;
            }

            var block = WebMBlockReader.Read(body, start);
            if (block.Track != track)
            {
                continue;
            }

            foreach (var frame in block.Frames)
            {
                measured += durations.Next(frame.Span);
                if (measured > limit)
                {
                    throw AudioLimitExceededException.TooLong("the file", maxAudio);
                }

                frames.Add(frame);
            }
        }

        return (frames, measured);
    }
}
