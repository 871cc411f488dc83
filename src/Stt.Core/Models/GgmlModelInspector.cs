using System.Text;

namespace Stt.Core.Models;

/// <summary>
/// Reads and checks a whisper.cpp ggml file in managed code before the native engine sees it, so a corrupt,
/// truncated or weightless file fails with a message naming the file and the reason instead of a native abort.
/// </summary>
public static class GgmlModelInspector
{
    /// <summary>The ggml magic number, "ggml" read as a little-endian uint32.</summary>
    public const uint Magic = 0x67676d6c;

    /// <summary>Checks the whole file and returns its hyper-parameters.</summary>
    /// <exception cref="ModelFileException">The file is unusable; the message says why.</exception>
    public static GgmlHyperParameters Inspect(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFileException($"Model file '{path}' does not exist.");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: false);
            return Inspect(reader, stream.Length, path);
        }
        catch (EndOfStreamException ex)
        {
            throw new ModelFileException($"Model file '{path}' is truncated: it ends inside its header or vocabulary.", ex);
        }
        catch (IOException ex)
        {
            throw new ModelFileException($"Model file '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private static GgmlHyperParameters Inspect(BinaryReader reader, long length, string path)
    {
        if (length < 4 || reader.ReadUInt32() != Magic)
        {
            throw new ModelFileException($"Model file '{path}' is not a whisper.cpp ggml model (bad magic number).");
        }

        var p = new GgmlHyperParameters(
            reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(),
            reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(),
            reader.ReadInt32());
        CheckHyperParameters(p, path);

        var melCount = reader.ReadInt32();
        var fftCount = reader.ReadInt32();
        if (melCount <= 0 || fftCount <= 0 || (long)melCount * fftCount * 4 > length)
        {
            throw new ModelFileException($"Model file '{path}' has an invalid mel filter bank ({melCount} x {fftCount}).");
        }

        reader.BaseStream.Seek((long)melCount * fftCount * 4, SeekOrigin.Current);
        var tokenCount = reader.ReadInt32();
        if (tokenCount <= 0 || tokenCount > p.VocabularySize)
        {
            throw new ModelFileException($"Model file '{path}' has an invalid vocabulary size {tokenCount}.");
        }

        for (var i = 0; i < tokenCount; i++)
        {
            var tokenLength = reader.ReadUInt32();
            if (tokenLength > 1024)
            {
                throw new ModelFileException($"Model file '{path}' has a corrupt vocabulary (token {i} is {tokenLength} bytes).");
            }

            reader.BaseStream.Seek(tokenLength, SeekOrigin.Current);
        }

        var expected = GgmlTensorLayout.ExpectedTensorNames(p);
        var found = ReadTensorHeaders(reader, length, path);
        var missing = expected.Except(found).ToList();
        if (found.Count == 0)
        {
            throw new ModelFileException(
                $"Model file '{path}' has no weights: it holds a header and vocabulary only (a test fixture or an interrupted download).");
        }

        if (missing.Count > 0)
        {
            throw new ModelFileException(
                $"Model file '{path}' is incomplete: {missing.Count} of {expected.Count} tensors are missing (first: '{missing[0]}').");
        }

        return p;
    }

    private static void CheckHyperParameters(GgmlHyperParameters p, string path)
    {
        var sane = p.VocabularySize is > 0 and < 1_000_000
            && p.AudioContext is > 0 and <= 1500
            && p.AudioState is > 0 and <= 8192 && p.AudioHeads > 0 && p.AudioLayers is > 0 and <= 128
            && p.TextContext is > 0 and <= 4096
            && p.TextState is > 0 and <= 8192 && p.TextHeads > 0 && p.TextLayers is > 0 and <= 128
            && p.MelBins is 80 or 128;
        if (!sane)
        {
            throw new ModelFileException($"Model file '{path}' has implausible hyper-parameters: {p}.");
        }
    }

    private static HashSet<string> ReadTensorHeaders(BinaryReader reader, long length, string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.BaseStream.Position < length)
        {
            var dims = reader.ReadInt32();
            var nameLength = reader.ReadInt32();
            var type = reader.ReadInt32();
            if (dims is < 1 or > 4 || nameLength is < 1 or > 256)
            {
                throw new ModelFileException($"Model file '{path}' is corrupt at byte {reader.BaseStream.Position - 12}: bad tensor header.");
            }

            long elements = 1;
            for (var i = 0; i < dims; i++)
            {
                var size = reader.ReadInt32();
                if (size <= 0)
                {
                    throw new ModelFileException($"Model file '{path}' is corrupt: a tensor has dimension {size}.");
                }

                elements *= size;
            }

            var name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
            var bytes = GgmlTensorLayout.DataBytes(type, elements)
                ?? throw new ModelFileException($"Model file '{path}': tensor '{name}' has unsupported type {type}.");
            if (reader.BaseStream.Position + bytes > length)
            {
                throw new ModelFileException(
                    $"Model file '{path}' is truncated: tensor '{name}' needs {bytes} bytes, {length - reader.BaseStream.Position} remain.");
            }

            reader.BaseStream.Seek(bytes, SeekOrigin.Current);
            names.Add(name);
        }

        return names;
    }
}
