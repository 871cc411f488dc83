namespace Stt.Audio.Tests.Fuzz;

/// <summary>
/// Makes hostile inputs from valid ones, the way coverage-free fuzzers do: random bytes, bit flips, boundary
/// values, truncation, splices, duplicated blocks and lying length fields (a 32-bit field set to a huge value).
/// Written here because no maintained .NET fuzzing library runs in-process under NUnit without instrumentation.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly byte[] Boundary = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];
    private readonly Random _random = new(seed);

    public byte[] Next(IReadOnlyList<byte[]> seeds)
    {
        var source = seeds[_random.Next(seeds.Count)];
        return _random.Next(8) switch
        {
            0 => RandomBytes(_random.Next(0, 4096)),
            1 => FlipBits(source, _random.Next(1, 32)),
            2 => Overwrite(source, _random.Next(1, 16)),
            3 => source[.._random.Next(0, source.Length + 1)],
            4 => Splice(source, seeds[_random.Next(seeds.Count)]),
            5 => DuplicateBlock(source),
            6 => LieAboutALength(source),
            _ => FlipBits(source[.._random.Next(0, source.Length + 1)], _random.Next(1, 8)),
        };
    }

    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] FlipBits(byte[] source, int flips)
    {
        var bytes = (byte[])source.Clone();
        for (var i = 0; i < flips && bytes.Length > 0; i++)
        {
            bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return bytes;
    }

    private byte[] Overwrite(byte[] source, int count)
    {
        var bytes = (byte[])source.Clone();
        for (var i = 0; i < count && bytes.Length > 0; i++)
        {
            bytes[_random.Next(Math.Min(bytes.Length, 256))] = Boundary[_random.Next(Boundary.Length)]; // headers live near the start
        }

        return bytes;
    }

    private byte[] Splice(byte[] a, byte[] b) =>
        [.. a.AsSpan(0, _random.Next(a.Length + 1)), .. b.AsSpan(_random.Next(b.Length + 1))];

    private byte[] DuplicateBlock(byte[] source)
    {
        if (source.Length < 2)
        {
            return source;
        }

        var start = _random.Next(source.Length - 1);
        var length = _random.Next(1, Math.Min(4096, source.Length - start) + 1);
        return [.. source.AsSpan(0, start + length), .. source.AsSpan(start)];
    }

    private byte[] LieAboutALength(byte[] source)
    {
        var bytes = (byte[])source.Clone();
        if (bytes.Length >= 8)
        {
            var at = _random.Next(Math.Min(bytes.Length - 4, 512));
            var value = _random.Next(3) switch { 0 => uint.MaxValue, 1 => 0x7FFFFFFFu, _ => (uint)_random.Next() };
            BitConverter.TryWriteBytes(bytes.AsSpan(at, 4), value);
        }

        return bytes;
    }
}
