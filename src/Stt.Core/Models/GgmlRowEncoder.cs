namespace Stt.Core.Models;

/// <summary>
/// Encodes one tensor row in a ggml type, byte for byte as ggml's reference code does (<c>ggml-quants.c</c>:
/// <c>quantize_row_q8_0_ref</c>, <c>quantize_row_q5_1_ref</c>), so a quantized synthetic model is the file
/// whisper.cpp's <c>quantize</c> tool would make from the f16 one.
/// </summary>
internal static class GgmlRowEncoder
{
    /// <summary>ggml type codes (the <c>ggml_type</c> enum).</summary>
    public const int F32 = 0, F16 = 1, Q5_1 = 7, Q8_0 = 8;

    private const int BlockSize = 32;

    /// <summary>Bytes one row of <paramref name="length"/> values takes in <paramref name="type"/>.</summary>
    public static int RowBytes(int type, int length) => type switch
    {
        F32 => length * 4,
        F16 => length * 2,
        Q8_0 => length / BlockSize * 34,
        Q5_1 => length / BlockSize * 24,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a type the synthetic writer encodes"),
    };

    /// <summary>Encodes <paramref name="row"/> into <paramref name="destination"/> (<see cref="RowBytes"/> long).</summary>
    public static void Encode(int type, ReadOnlySpan<float> row, Span<byte> destination)
    {
        switch (type)
        {
            case F32:
                for (var i = 0; i < row.Length; i++)
                {
                    BitConverter.TryWriteBytes(destination[(4 * i)..], row[i]);
                }

                break;
            case F16:
                for (var i = 0; i < row.Length; i++)
                {
                    BitConverter.TryWriteBytes(destination[(2 * i)..], (Half)row[i]);
                }

                break;
            case Q8_0:
                for (var b = 0; b < row.Length / BlockSize; b++)
                {
                    EncodeQ8_0(row.Slice(b * BlockSize, BlockSize), destination.Slice(b * 34, 34));
                }

                break;
            case Q5_1:
                for (var b = 0; b < row.Length / BlockSize; b++)
                {
                    EncodeQ5_1(row.Slice(b * BlockSize, BlockSize), destination.Slice(b * 24, 24));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "not a type the synthetic writer encodes");
        }
    }

    /// <summary>Decodes a row written by <see cref="Encode"/> (what ggml's dequantization computes).</summary>
    public static void Decode(int type, ReadOnlySpan<byte> source, Span<float> row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = type switch
            {
                F32 => BitConverter.ToSingle(source[(4 * i)..]),
                F16 => (float)BitConverter.ToHalf(source[(2 * i)..]),
                Q8_0 => DecodeQ8_0(source.Slice(i / BlockSize * 34, 34), i % BlockSize),
                Q5_1 => DecodeQ5_1(source.Slice(i / BlockSize * 24, 24), i % BlockSize),
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a type the synthetic writer encodes"),
            };
        }
    }

    // block_q8_0: f16 scale d, then 32 int8 quants; x = d * q.
    private static void EncodeQ8_0(ReadOnlySpan<float> x, Span<byte> block)
    {
        var amax = 0f;
        foreach (var v in x)
        {
            amax = MathF.Max(amax, MathF.Abs(v));
        }

        var d = amax / 127;
        var id = d != 0 ? 1f / d : 0f;
        BitConverter.TryWriteBytes(block, (Half)d);
        for (var j = 0; j < BlockSize; j++)
        {
            block[2 + j] = (byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
        }
    }

    private static float DecodeQ8_0(ReadOnlySpan<byte> block, int j) =>
        (float)BitConverter.ToHalf(block) * (sbyte)block[2 + j];

    // block_q5_1: f16 scale d, f16 minimum m, 32 high bits, 16 bytes of low nibbles (element j low, j + 16 high);
    // x = d * q + m with q in 0..31.
    private static void EncodeQ5_1(ReadOnlySpan<float> x, Span<byte> block)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in x)
        {
            min = MathF.Min(min, v);
            max = MathF.Max(max, v);
        }

        var d = (max - min) / 31;
        var id = d != 0 ? 1f / d : 0f;
        BitConverter.TryWriteBytes(block, (Half)d);
        BitConverter.TryWriteBytes(block[2..], (Half)min);
        uint high = 0;
        for (var j = 0; j < BlockSize / 2; j++)
        {
            var q0 = (byte)(((x[j] - min) * id) + 0.5f);
            var q1 = (byte)(((x[j + (BlockSize / 2)] - min) * id) + 0.5f);
            block[8 + j] = (byte)((q0 & 0x0F) | ((q1 & 0x0F) << 4));
            high |= (uint)((q0 & 0x10) >> 4) << j;
            high |= (uint)((q1 & 0x10) >> 4) << (j + (BlockSize / 2));
        }

        BitConverter.TryWriteBytes(block[4..], high);
    }

    private static float DecodeQ5_1(ReadOnlySpan<byte> block, int j)
    {
        var d = (float)BitConverter.ToHalf(block);
        var m = (float)BitConverter.ToHalf(block[2..]);
        var high = BitConverter.ToUInt32(block[4..]);
        var low = j < BlockSize / 2 ? block[8 + j] & 0x0F : block[8 + j - (BlockSize / 2)] >> 4;
        var q = low | (int)(((high >> j) & 1) << 4);
        return (d * q) + m;
    }
}
