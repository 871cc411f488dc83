using System.Buffers.Binary;

namespace Stt.Testing;

/// <summary>Writes WAV files in the variants the reader must accept.</summary>
public static class WavWriter
{
    /// <summary>PCM (8/16/24/32-bit) or float (32-bit) WAV; mono samples are copied to every channel.</summary>
    public static byte[] Write(float[] mono, int sampleRate, int channels = 1, int bits = 16, bool isFloat = false, bool extensible = false)
    {
        var bytesPerSample = bits / 8;
        var data = new byte[mono.Length * channels * bytesPerSample];
        for (var i = 0; i < mono.Length; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                var span = data.AsSpan(((i * channels) + c) * bytesPerSample, bytesPerSample);
                var s = Math.Clamp(mono[i], -1f, 0.99996f);
                switch (isFloat, bits)
                {
                    case (true, _): BinaryPrimitives.WriteSingleLittleEndian(span, s); break;
                    case (_, 8): span[0] = (byte)(128 + (int)(s * 127)); break;
                    case (_, 16): BinaryPrimitives.WriteInt16LittleEndian(span, (short)(s * 32767)); break;
                    case (_, 24):
                        var v = (int)(s * 8388607);
                        span[0] = (byte)v; span[1] = (byte)(v >> 8); span[2] = (byte)(v >> 16);
                        break;
                    default: BinaryPrimitives.WriteInt32LittleEndian(span, (int)(s * 2147483647)); break;
                }
            }
        }

        var fmtLength = extensible ? 40 : 16;
        var file = new byte[12 + 8 + fmtLength + 8 + data.Length];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(file.Length - 8));
        "WAVE"u8.CopyTo(file.AsSpan(8));
        "fmt "u8.CopyTo(file.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), (uint)fmtLength);
        var format = (ushort)(isFloat ? 3 : 1);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(20), extensible ? (ushort)0xFFFE : format);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(22), (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(24), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(28), sampleRate * channels * bytesPerSample);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(32), (ushort)(channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(34), (ushort)bits);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(36), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(38), (ushort)bits);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(44), format); // sub-format GUID starts with the format code
        }

        var dataAt = 20 + fmtLength;
        "data"u8.CopyTo(file.AsSpan(dataAt));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(dataAt + 4), (uint)data.Length);
        data.CopyTo(file, dataAt + 8);
        return file;
    }
}
