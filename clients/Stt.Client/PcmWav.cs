using System.Buffers.Binary;
using Stt.Audio;

namespace Stt.Client;

/// <summary>16 kHz mono 16-bit WAV, the form converted audio is uploaded in.</summary>
internal static class PcmWav
{
    /// <summary>A WAV file of 16 kHz mono samples.</summary>
    public static byte[] Encode(float[] samples)
    {
        var file = new byte[44 + (samples.Length * 2)];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(4), file.Length - 8);
        "WAVEfmt "u8.CopyTo(file.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(24), AudioTime.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(28), AudioTime.SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(34), 16);
        "data"u8.CopyTo(file.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(40), samples.Length * 2);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(44 + (2 * i)), (short)(Math.Clamp(samples[i], -1f, 1f) * short.MaxValue));
        }

        return file;
    }
}
