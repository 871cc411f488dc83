using System.Text;
using Stt.Core.Models;

namespace Stt.Core.Tests.Models;

/// <summary>Reads a ggml model's vocabulary and tensors back, rows decoded to floats as ggml dequantizes them.</summary>
internal sealed class GgmlTensorFile
{
    private readonly byte[] _bytes;
    private readonly Dictionary<string, (int Type, int[] Shape, long Offset)> _tensors = [];

    private GgmlTensorFile(byte[] bytes) => _bytes = bytes;

    /// <summary>The vocabulary the file carries, by id.</summary>
    public IReadOnlyList<string> Vocabulary { get; private set; } = [];

    /// <summary>Tensor names in file order.</summary>
    public IEnumerable<string> Names => _tensors.Keys;

    public static GgmlTensorFile Read(string path)
    {
        var file = new GgmlTensorFile(File.ReadAllBytes(path));
        using var reader = new BinaryReader(new MemoryStream(file._bytes), Encoding.UTF8);
        reader.ReadBytes(4 + (11 * 4));
        var mel = reader.ReadInt32();
        var fft = reader.ReadInt32();
        reader.ReadBytes(mel * fft * 4);
        var vocabulary = new string[reader.ReadInt32()];
        for (var i = 0; i < vocabulary.Length; i++)
        {
            vocabulary[i] = Encoding.UTF8.GetString(reader.ReadBytes((int)reader.ReadUInt32()));
        }

        file.Vocabulary = vocabulary;
        while (reader.BaseStream.Position < file._bytes.Length)
        {
            var dims = reader.ReadInt32();
            var nameLength = reader.ReadInt32();
            var type = reader.ReadInt32();
            var shape = Enumerable.Range(0, dims).Select(_ => reader.ReadInt32()).ToArray();
            var name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
            file._tensors[name] = (type, shape, reader.BaseStream.Position);
            var rows = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            reader.BaseStream.Seek(rows * GgmlRowEncoder.RowBytes(type, shape[0]), SeekOrigin.Current);
        }

        return file;
    }

    public int TypeOf(string name) => _tensors[name].Type;

    public int RowsOf(string name) => _tensors[name].Shape.Skip(1).Aggregate(1, (a, b) => a * b);

    /// <summary>Row <paramref name="row"/> of a tensor (the whole tensor for a vector).</summary>
    public float[] Row(string name, int row)
    {
        var (type, shape, offset) = _tensors[name];
        var length = GgmlRowEncoder.RowBytes(type, shape[0]);
        var values = new float[shape[0]];
        GgmlRowEncoder.Decode(type, _bytes.AsSpan((int)(offset + ((long)row * length)), length), values);
        return values;
    }
}
