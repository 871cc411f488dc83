using System.Buffers.Binary;

namespace Stt.Audio;

/// <summary>
/// Reads RIFF/WAVE files: PCM 8/16/24/32-bit integer and 32-bit float (also inside WAVE_FORMAT_EXTENSIBLE),
/// mono or stereo, any rate from 8 to 192 kHz; returns 16 kHz mono. A data chunk whose declared size is 0 or
/// 0xFFFFFFFF (a recorder that never finished its header) is read to the end of the file.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>True when the bytes start like a WAV file.</summary>
    public static bool IsWav(ReadOnlySpan<byte> data) =>
        data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WAVE"u8);

    /// <summary>Decodes a whole WAV file.</summary>
    /// <exception cref="InvalidAudioException">The file is truncated, malformed or in an unsupported format.</exception>
    public static DecodedAudio Read(ReadOnlySpan<byte> data)
    {
        if (!IsWav(data))
        {
            throw new InvalidAudioException("not a WAV file: it does not start with a RIFF/WAVE header");
        }

        (ushort Format, int Channels, int Rate, int Bits)? fmt = null;
        var position = 12;
        while (position <= data.Length - 8) // not position + 8: a huge chunk size would overflow it
        {
            var id = data.Slice(position, 4);
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(position + 4, 4));
            var body = position + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (declared < 16 || body + declared > data.Length)
                {
                    throw new InvalidAudioException("WAV 'fmt ' chunk is truncated");
                }

                fmt = ReadFormat(data.Slice(body, (int)declared));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (fmt is null)
                {
                    throw new InvalidAudioException("WAV 'data' chunk comes before its 'fmt ' chunk");
                }

                var available = data.Length - body;
                long length = declared is 0 or uint.MaxValue ? available : declared;
                if (length > available)
                {
                    throw new InvalidAudioException(
                        $"WAV file is truncated: its data chunk declares {declared} bytes but only {available} are present");
                }

                return Decode(data.Slice(body, (int)length), fmt.Value);
            }

            position = body + (int)Math.Min(declared + (declared & 1), int.MaxValue - body);
        }

        throw new InvalidAudioException(fmt is null ? "WAV file has no 'fmt ' chunk" : "WAV file has no 'data' chunk (truncated?)");
    }

    private static (ushort Format, int Channels, int Rate, int Bits) ReadFormat(ReadOnlySpan<byte> chunk)
    {
        var format = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var rate = BinaryPrimitives.ReadInt32LittleEndian(chunk[4..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (format == FormatExtensible && chunk.Length >= 26)
        {
            format = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]); // first two bytes of the sub-format GUID
        }

        if (format is not (FormatPcm or FormatFloat))
        {
            throw new InvalidAudioException($"WAV format code {format} is not supported; use PCM (1) or IEEE float (3)");
        }

        if (channels is not (1 or 2))
        {
            throw new InvalidAudioException($"WAV with {channels} channels is not supported; use mono or stereo");
        }

        if (rate is < 8000 or > 192000)
        {
            throw new InvalidAudioException($"WAV sample rate {rate} Hz is not supported; use 8000 to 192000 Hz");
        }

        var supportedBits = format == FormatFloat ? bits == 32 : bits is 8 or 16 or 24 or 32;
        if (!supportedBits)
        {
            throw new InvalidAudioException($"WAV with {bits}-bit {(format == FormatFloat ? "float" : "PCM")} samples is not supported");
        }

        return (format, channels, rate, bits);
    }

    private static DecodedAudio Decode(ReadOnlySpan<byte> data, (ushort Format, int Channels, int Rate, int Bits) fmt)
    {
        var bytesPerSample = fmt.Bits / 8;
        var count = data.Length / bytesPerSample / fmt.Channels * fmt.Channels;
        var interleaved = new float[count];
        for (var i = 0; i < count; i++)
        {
            var s = data.Slice(i * bytesPerSample, bytesPerSample);
            interleaved[i] = (fmt.Format, fmt.Bits) switch
            {
                (FormatFloat, _) => Math.Clamp(BinaryPrimitives.ReadSingleLittleEndian(s), -1f, 1f),
                (_, 8) => (s[0] - 128) / 128f,
                (_, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                (_, 24) => ((s[0] << 8) | (s[1] << 16) | (s[2] << 24)) / 2147483648f,
                _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
            };
        }

        var mono = PcmSamples.Downmix(interleaved, fmt.Channels);
        var kind = fmt.Format == FormatFloat ? "float" : "PCM";
        return new DecodedAudio(
            MonoResampler.ToWhisperRate(mono, fmt.Rate),
            $"WAV {kind} {fmt.Bits}-bit {fmt.Rate} Hz {(fmt.Channels == 1 ? "mono" : "stereo")}");
    }
}
