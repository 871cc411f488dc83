using System.Buffers.Binary;

namespace Stt.Audio;

/// <summary>
/// Decodes Ogg Opus files (RFC 7845) to 16 kHz mono: reads each link's OpusHead, drops its pre-skip, decodes
/// its packets and trims the end to the last granule position. Chained files (one link after another) are
/// decoded link by link; pages of other logical streams in the file are ignored.
/// </summary>
public static class OggOpusReader
{
    private const int OpusGranuleRate = 48000;
    private const int SamplesPer48k = OpusGranuleRate / AudioTime.SampleRate;

    /// <summary>Decodes a whole Ogg Opus file.</summary>
    /// <exception cref="InvalidAudioException">The file is truncated, corrupt or not Opus.</exception>
    public static DecodedAudio Read(ReadOnlyMemory<byte> data)
    {
        if (!OggPageReader.IsOgg(data.Span))
        {
            throw new InvalidAudioException("not an Ogg file: it does not start with 'OggS'");
        }

        var output = new List<float>();
        Link? link = null;
        int channels = 0, inputRate = 0, concealed = 0;
        foreach (var (serial, packet, page) in OggPageReader.ReadPackets(data))
        {
            var startsLink = page.IsBeginningOfStream && packet.AsSpan().StartsWith("OpusHead"u8);
            if (startsLink && (link is null || link.Ended))
            {
                if (link is not null)
                {
                    concealed += link.Decoder.PacketsConcealed;
                    link.Finish(output);
                }

                link = Link.Start(serial, packet, output.Count);
                (channels, inputRate) = (link.Channels, link.InputRate);
                continue;
            }

            if (link is null)
            {
                continue; // another codec's logical stream before the Opus one
            }

            if (serial != link.Serial)
            {
                continue;
            }

            link.Add(packet, page, output);
        }

        if (link is null)
        {
            throw new InvalidAudioException("Ogg file does not carry Opus audio (no OpusHead packet)");
        }

        concealed += link.Decoder.PacketsConcealed;
        link.Finish(output);
        var rate = inputRate > 0 ? $" (recorded at {inputRate} Hz)" : string.Empty;
        return new DecodedAudio([.. output], $"Ogg Opus {(channels == 1 ? "mono" : "stereo")}{rate}", concealed);
    }

    private sealed class Link
    {
        private int _packets;
        private long _lastGranule = -1;

        private Link(uint serial, int channels, int preSkip, int inputRate, int startIndex)
        {
            Serial = serial;
            Channels = channels;
            PreSkip = preSkip;
            InputRate = inputRate;
            StartIndex = startIndex;
        }

        public uint Serial { get; }

        public int Channels { get; }

        public int PreSkip { get; }

        public int InputRate { get; }

        public int StartIndex { get; }

        public bool Ended { get; private set; }

        public OpusStreamDecoder Decoder { get; } = new(OpusGranuleRate);

        public static Link Start(uint serial, byte[] head, int startIndex)
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

            return new Link(serial, channels, preSkip, inputRate, startIndex);
        }

        public void Add(byte[] packet, OggPage page, List<float> output)
        {
            _packets++;
            if (_packets == 1 && packet.AsSpan().StartsWith("OpusTags"u8))
            {
                return;
            }

            output.AddRange(Decoder.Decode(AudioPayload.FromOpus([packet])));
            if (page.GranulePosition >= 0)
            {
                _lastGranule = page.GranulePosition;
            }

            Ended |= page.IsEndOfStream;
        }

        /// <summary>Drops the pre-skip from the start and trims the end to the last granule position.</summary>
        public void Finish(List<float> output)
        {
            var decoded = output.Count - StartIndex;
            // Granule positions count 48 kHz samples including the pre-skip.
            var wanted = _lastGranule >= 0 ? (int)Math.Clamp(_lastGranule / SamplesPer48k, 0, decoded) : decoded;
            var skip = Math.Min(PreSkip / SamplesPer48k, wanted);
            output.RemoveRange(StartIndex + wanted, decoded - wanted);
            output.RemoveRange(StartIndex, skip);
        }
    }
}
