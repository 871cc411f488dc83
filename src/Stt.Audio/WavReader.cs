using System.Buffers.Binary;

namespace Stt.Audio;

/// <summary>
/// Reads RIFF/WAVE files: PCM 8/16/24/32-bit integer and 32-bit float (also inside WAVE_FORMAT_EXTENSIBLE),
/// mono or stereo, any rate from 8 to 192 kHz; returns 16 kHz mono. A data chunk whose declared size is 0 or
/// 0xFFFFFFFF (a recorder that never finished its header) is read to the end of the file. The duration is worked
/// out from the data chunk's size, and checked against the budget, before any sample is converted.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>True when the bytes start like a WAV file.</summary>
    public static bool IsWav(ReadOnlySpan<byte> data) =>
        data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WAVE"u8);

    /// <summary>
    /// True unless the file is a WAV whose 'fmt ' chunk names something this reader refuses (compressed audio such as
    /// ADPCM or MP3 in WAV, more than two channels, unusual rates or sample sizes): what an external converter is for.
    /// A WAV too broken to say is left to <see cref="Read"/>, which names what is wrong.
    /// </summary>
    public static bool Reads(ReadOnlySpan<byte> data)
    {
        if (!IsWav(data))
        {
            return false;
        }

        var position = 12;
        while (NextChunk(data, ref position, out var id, out var body))
        {
            if (id.SequenceEqual("fmt "u8))
            {
                return body.Length < 16 || Refusal(Format(body)) is null;
            }
        }

        return true;
    }

    /// <summary>Decodes a whole WAV file.</summary>
    /// <exception cref="InvalidAudioException">The file is truncated, malformed or in an unsupported format.</exception>
    /// <exception cref="AudioLimitExceededException">Its data decodes to more than <paramref name="budget"/> allows.</exception>
    public static DecodedAudio Read(ReadOnlySpan<byte> data, AudioBudget budget)
    {
        if (!IsWav(data))
        {
            throw new InvalidAudioException("not a WAV file: it does not start with a RIFF/WAVE header");
        }

        (ushort Format, int Channels, int Rate, int Bits)? fmt = null;
        var position = 12;
        while (position <= data.Length - 8)
        {
            var id = data.Slice(position, 4);
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(position + 4, 4));
            var available = data.Length - position - 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (declared < 16 || declared > available)
                {
                    throw new InvalidAudioException("WAV 'fmt ' chunk is truncated");
                }

                fmt = Format(data.Slice(position + 8, (int)declared));
                if (Refusal(fmt.Value) is { } refusal)
                {
                    throw new InvalidAudioException(refusal);
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (fmt is null)
                {
                    throw new InvalidAudioException("WAV 'data' chunk comes before its 'fmt ' chunk");
                }

                long length = declared is 0 or uint.MaxValue ? available : declared;
                if (length > available)
                {
                    throw new InvalidAudioException(
                        $"WAV file is truncated: its data chunk declares {declared} bytes but only {available} are present");
                }

                var frames = length / (fmt.Value.Bits / 8 * fmt.Value.Channels);
                if (frames > budget.MaxAudio.ToSamples(fmt.Value.Rate))
                {
                    throw AudioLimitExceededException.TooLong("the file", budget.MaxAudio);
                }

                return Decode(data.Slice(position + 8, (int)length), fmt.Value);
            }

            NextChunk(data, ref position, out _, out _);
        }

        throw new InvalidAudioException(fmt is null ? "WAV file has no 'fmt ' chunk" : "WAV file has no 'data' chunk (truncated?)");
    }

    /// <summary>
    /// Moves <paramref name="position"/> past the chunk there (and its pad byte); false when no whole chunk header is
    /// left. <paramref name="body"/> is what of the chunk's body is present.
    /// </summary>
    private static bool NextChunk(ReadOnlySpan<byte> data, ref int position, out ReadOnlySpan<byte> id, out ReadOnlySpan<byte> body)
    {
        if (position > data.Length - 8) // not position + 8: that could overflow
        {
            id = default;
            body = default;
            return false;
        }

        id = data.Slice(position, 4);
        long declared = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(position + 4, 4));
        var available = data.Length - position - 8;
        body = data.Slice(position + 8, (int)Math.Min(declared, available));
        position += 8 + (int)Math.Min(declared + (declared & 1), available);
        return true;
    }

    private static (ushort Format, int Channels, int Rate, int Bits) Format(ReadOnlySpan<byte> chunk)
    {
        var format = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var rate = BinaryPrimitives.ReadInt32LittleEndian(chunk[4..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (format == FormatExtensible && chunk.Length >= 26)
        {
            format = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]); // first two bytes of the sub-format GUID
        }

        return (format, channels, rate, bits);
    }

    /// <summary>Why this reader refuses the format, or null when it reads it.</summary>
    private static string? Refusal((ushort Format, int Channels, int Rate, int Bits) fmt) => fmt switch
    {
        { Format: not (FormatPcm or FormatFloat) } => $"WAV format code {fmt.Format} is not supported; use PCM (1) or IEEE float (3)",
        { Channels: not (1 or 2) } => $"WAV with {fmt.Channels} channels is not supported; use mono or stereo",
        { Rate: < 8000 or > 192000 } => $"WAV sample rate {fmt.Rate} Hz is not supported; use 8000 to 192000 Hz",
        { Format: FormatFloat, Bits: not 32 } => $"WAV with {fmt.Bits}-bit float samples is not supported",
        { Bits: not (8 or 16 or 24 or 32) } => $"WAV with {fmt.Bits}-bit PCM samples is not supported",
        _ => null,
    };

    private static DecodedAudio Decode(ReadOnlySpan<byte> data, (ushort Format, int Channels, int Rate, int Bits) fmt)
    {
        var bytesPerSample = fmt.Bits / 8;
        var frameBytes = bytesPerSample * fmt.Channels;
        var mono = new float[data.Length / frameBytes]; // downmixed as read: one array, not one per step
        for (var frame = 0; frame < mono.Length; frame++)
        {
            float sum = 0;
            for (var c = 0; c < fmt.Channels; c++)
            {
                sum += Sample(data.Slice((frame * frameBytes) + (c * bytesPerSample), bytesPerSample), fmt);
            }

            mono[frame] = sum / fmt.Channels;
        }

        var kind = fmt.Format == FormatFloat ? "float" : "PCM";
        return new DecodedAudio(
            fmt.Rate == AudioTime.SampleRate ? mono : MonoResampler.ToWhisperRate(mono, fmt.Rate),
            $"WAV {kind} {fmt.Bits}-bit {fmt.Rate} Hz {(fmt.Channels == 1 ? "mono" : "stereo")}");
    }

    private static float Sample(ReadOnlySpan<byte> s, (ushort Format, int Channels, int Rate, int Bits) fmt) => (fmt.Format, fmt.Bits) switch
    {
        (FormatFloat, _) => Math.Clamp(BinaryPrimitives.ReadSingleLittleEndian(s), -1f, 1f),
        (_, 8) => (s[0] - 128) / 128f,
        (_, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
        (_, 24) => ((s[0] << 8) | (s[1] << 16) | (s[2] << 24)) / 2147483648f,
        _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
    };
}
