using System.Buffers.Binary;

namespace Stt.Audio;

/// <summary>
/// Decodes Ogg Opus files (RFC 7845) to 16 kHz mono: reads each link's OpusHead, drops its pre-skip, decodes
/// its packets and trims the end to the last granule position. Chained files (one link after another) are
/// decoded link by link; pages of other logical streams in the file are ignored. Every packet is measured against
/// the budget as it is read, so the samples are allocated once, for what the file measures, and never past the budget.
/// </summary>
public static class OggOpusReader
{
    private const int OpusGranuleRate = OpusPacketDurations.Rate;
    private const int SamplesPer48k = OpusGranuleRate / AudioTime.SampleRate;

    /// <summary>
    /// False when the file is Ogg but none of its streams is Opus (Vorbis, FLAC or Speex in Ogg: for an external
    /// converter); true for Ogg Opus, and for an Ogg file too broken to say, which <see cref="Read"/> then names.
    /// </summary>
    public static bool CarriesOpus(ReadOnlyMemory<byte> data)
    {
        try
        {
            // Every stream's first page comes before any other page (RFC 3533, 4), and its first packet names the codec.
            foreach (var page in OggPageReader.ReadPages(data).TakeWhile(p => p.IsBeginningOfStream))
            {
                if (page.Segments.Count > 0 && page.Segments[0].Data.Span.StartsWith("OpusHead"u8))
                {
                    return true;
                }
            }

            return false;
        }
        catch (InvalidAudioException)
        {
            return true;
        }
    }

    /// <summary>Decodes a whole Ogg Opus file.</summary>
    /// <exception cref="InvalidAudioException">The file is truncated, corrupt or not Opus.</exception>
    /// <exception cref="AudioLimitExceededException">It decodes to more than <paramref name="budget"/> allows.</exception>
    public static DecodedAudio Read(ReadOnlyMemory<byte> data, AudioBudget budget)
    {
        if (!OggPageReader.IsOgg(data.Span))
        {
            throw new InvalidAudioException("not an Ogg file: it does not start with 'OggS'");
        }

        var (links, measured) = ReadLinks(data, budget.MaxAudio);
        if (links.Count == 0)
        {
            throw new InvalidAudioException("Ogg file does not carry Opus audio (no OpusHead packet)");
        }

        var output = new List<float>(OpusStreamDecoder.Capacity(measured));
        var concealed = 0;
        foreach (var link in links)
        {
            concealed += link.Decode(output, budget.MaxConcealedRun);
        }

        var last = links[^1];
        var rate = last.InputRate > 0 ? $" (recorded at {last.InputRate} Hz)" : string.Empty;
        return new DecodedAudio([.. output], $"Ogg Opus {(last.Channels == 1 ? "mono" : "stereo")}{rate}", concealed);
    }

    /// <summary>The file's Opus links and their packets, with the 48 kHz samples they measure, refused past <paramref name="maxAudio"/>.</summary>
    private static (List<Link> Links, long Measured) ReadLinks(ReadOnlyMemory<byte> data, AudioLimit maxAudio)
    {
        var links = new List<Link>();
        var limit = maxAudio.ToSamples(OpusGranuleRate);
        long measured = 0;
        Link? link = null;
        foreach (var (serial, packet, page) in OggPageReader.ReadPackets(data))
        {
            var startsLink = page.IsBeginningOfStream && packet.AsSpan().StartsWith("OpusHead"u8);
            if (startsLink && (link is null || link.Ended))
            {
                links.Add(link = Link.Start(serial, packet));
                continue;
            }

            if (link is null || serial != link.Serial)
            {
                continue; // another codec's logical stream
            }

            measured += link.Add(packet, page);
            if (measured > limit)
            {
                throw AudioLimitExceededException.TooLong("the file", maxAudio);
            }
        }

        return (links, measured);
    }

    private sealed class Link
    {
        private readonly List<ReadOnlyMemory<byte>> _packets = [];
        private OpusPacketDurations _durations = new();
        private long _lastGranule = -1;
        private bool _tagsSeen;

        private Link(uint serial, int channels, int preSkip, int inputRate)
        {
            Serial = serial;
            Channels = channels;
            PreSkip = preSkip;
            InputRate = inputRate;
        }

        public uint Serial { get; }

        public int Channels { get; }

        public int PreSkip { get; }

        public int InputRate { get; }

        public bool Ended { get; private set; }

        public static Link Start(uint serial, byte[] head)
        {
            if (head.Length < 19)
            {
                throw new InvalidAudioException("Ogg Opus header (OpusHead) is truncated");
            }

            var channels = head[9];
            var preSkip = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(10));
            var inputRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12));
            var mapping = head[18];
            if (channels is < 1 or > 2 || mapping > 1)
            {
                throw new InvalidAudioException($"Ogg Opus with {channels} channels (mapping family {mapping}) is not supported; use mono or stereo");
            }

            return new Link(serial, channels, preSkip, inputRate);
        }

        /// <summary>Keeps an audio packet (the first packet, OpusTags, is skipped); returns the 48 kHz samples it measures.</summary>
        public int Add(byte[] packet, OggPage page)
        {
            var first = !_tagsSeen;
            _tagsSeen = true;
            if (first && packet.AsSpan().StartsWith("OpusTags"u8))
            {
                return 0;
            }

            _packets.Add(packet);
            if (page.GranulePosition >= 0)
            {
                _lastGranule = page.GranulePosition;
            }

            Ended |= page.IsEndOfStream;
            return _durations.Next(packet);
        }

        /// <summary>
        /// Decodes the link to the end of <paramref name="output"/>, drops the pre-skip from its start and trims its end
        /// to the last granule position; returns the packets concealed.
        /// </summary>
        public int Decode(List<float> output, AudioLimit maxConcealedRun)
        {
            var start = output.Count;
            var decoder = new OpusStreamDecoder(OpusGranuleRate, maxConcealedRun);
            decoder.DecodeTo(_packets, output);
            var decoded = output.Count - start;
            // Granule positions count 48 kHz samples including the pre-skip.
            var wanted = _lastGranule >= 0 ? (int)Math.Clamp(_lastGranule / SamplesPer48k, 0, decoded) : decoded;
            var skip = Math.Min(PreSkip / SamplesPer48k, wanted);
            output.RemoveRange(start + wanted, decoded - wanted);
            output.RemoveRange(start, skip);
            return decoder.PacketsConcealed;
        }
    }
}
