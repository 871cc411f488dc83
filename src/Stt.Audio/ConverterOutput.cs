using System.Runtime.InteropServices;

namespace Stt.Audio;

/// <summary>
/// A converter's standard output, read in chunks of 1 MiB up to a cap: no doubling and copying as it grows, and the
/// read stops (with <see cref="AudioLimitExceededException"/>) as soon as the output passes the cap.
/// </summary>
/// <param name="maxBytes">The cap, bytes.</param>
/// <param name="limit">The limit the cap stands for, for the exception.</param>
internal sealed class ConverterOutput(long maxBytes, AudioLimit limit)
{
    private const int ChunkBytes = 1 << 20;
    private readonly List<byte[]> _chunks = [];

    /// <summary>Bytes read.</summary>
    public long Length { get; private set; }

    /// <summary>Reads <paramref name="stream"/> to its end.</summary>
    /// <exception cref="AudioLimitExceededException">More than the cap came; the rest is not read.</exception>
    public async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var offset = (int)(Length % ChunkBytes);
            if (offset == 0 && Length / ChunkBytes == _chunks.Count)
            {
                _chunks.Add(new byte[ChunkBytes]);
            }

            var read = await stream.ReadAsync(_chunks[^1].AsMemory(offset), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            Length += read;
            if (Length > maxBytes)
            {
                throw AudioLimitExceededException.TooLong("the file", limit);
            }
        }
    }

    /// <summary>The output as little-endian 32-bit floats (a trailing partial sample is dropped).</summary>
    public float[] ToFloats()
    {
        var samples = new float[Length / sizeof(float)];
        var at = 0L;
        foreach (var chunk in _chunks) // chunks hold whole samples: 1 MiB is a multiple of 4
        {
            var count = (int)Math.Min(ChunkBytes / sizeof(float), samples.LongLength - at);
            MemoryMarshal.Cast<byte, float>(chunk.AsSpan(0, count * sizeof(float))).CopyTo(samples.AsSpan((int)at, count));
            at += count;
        }

        return samples;
    }

    /// <summary>The output's bytes.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        var at = 0;
        foreach (var chunk in _chunks)
        {
            var count = (int)Math.Min(chunk.Length, Length - at);
            chunk.AsSpan(0, count).CopyTo(bytes.AsSpan(at));
            at += count;
        }

        return bytes;
    }
}
