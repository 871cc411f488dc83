using System.Text;

namespace Stt.Core.Models;

/// <summary>
/// Writes a synthetic whisper.cpp model: the exact ggml layout whisper.cpp loads, with weights drawn from
/// N(0, 0.02) from a fixed seed (layer-norm weights 1, biases 0), so the same spec always yields the same
/// bytes and the engine's output is deterministic. Matrices and conv kernels are f16; biases, norms and
/// positional embeddings f32 (an f32 conv kernel aborts ggml's im2col). A scripted spec then sets the decoder's
/// weights (<see cref="ScriptedDecoderWeights"/>); a quantized spec stores its 2-D matrices as q8_0 or q5_1,
/// as whisper.cpp's quantize tool would from the f16 file.
/// </summary>
public static class SyntheticModelWriter
{
    private const int Seed = 20240611;
    private const double Sigma = 0.02;
    private const int BlankTokenId = 220;

    // ggml_ftype in the header: 1000 x the quantization version (2) + the type; 7 = mostly q8_0, 9 = mostly q5_1.
    private const int QuantizationVersionFactor = 1000;
    private const int FileTypeQ8_0 = 7;
    private const int FileTypeQ5_1 = 9;

    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ne", "ru", "ta", "so", "vi", "de", "pa", "zu", "ri", "mo", "fe", "li", "to",
        "an", "el", "or", "is", "un", "ba", "go", "he",
    ];

    /// <summary>Writes the model to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void WriteFile(SyntheticModelSpec spec, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + $".{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Write(spec, stream);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes the model to a stream.</summary>
    public static void Write(SyntheticModelSpec spec, Stream stream)
    {
        var p = spec.HyperParameters;
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(GgmlModelInspector.Magic);
        foreach (var value in new[]
                 {
                     p.VocabularySize, p.AudioContext, p.AudioState, p.AudioHeads, p.AudioLayers, p.TextContext,
                     p.TextState, p.TextHeads, p.TextLayers, p.MelBins, p.FileType,
                 })
        {
            writer.Write(value);
        }

        WriteMelFilters(writer, p.MelBins);
        var scripted = spec.Decoder == SyntheticDecoder.Scripted;
        WriteVocabulary(writer, spec.TextTokens, scripted);

        var random = new Random(Seed);
        var decoder = scripted ? new ScriptedDecoderWeights(p) : null;
        var quantized = (p.FileType % QuantizationVersionFactor) switch
        {
            1 => (int?)null,
            FileTypeQ8_0 => GgmlRowEncoder.Q8_0,
            FileTypeQ5_1 => GgmlRowEncoder.Q5_1,
            _ => throw new ArgumentException($"file type {p.FileType} is not one the synthetic writer makes (1, 2007, 2009)", nameof(spec)),
        };
        foreach (var (name, shape, isMatrix) in GgmlTensorLayout.Tensors(p))
        {
            WriteTensor(writer, random, decoder, quantized, name, shape, isMatrix);
        }
    }

    private static void WriteMelFilters(BinaryWriter writer, int melBins)
    {
        const int fftBins = 201; // n_fft / 2 + 1 for a 400-point FFT at 16 kHz
        writer.Write(melBins);
        writer.Write(fftBins);
        static double Mel(double hz) => 2595 * Math.Log10(1 + (hz / 700));
        static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
        var top = Mel(8000);
        for (var m = 0; m < melBins; m++)
        {
            double low = Hz(top * m / (melBins + 1)), centre = Hz(top * (m + 1) / (melBins + 1)), high = Hz(top * (m + 2) / (melBins + 1));
            for (var k = 0; k < fftBins; k++)
            {
                var hz = k * 8000.0 / (fftBins - 1);
                var weight = hz <= low || hz >= high ? 0 : hz <= centre ? (hz - low) / (centre - low) : (high - hz) / (high - centre);
                writer.Write((float)weight);
            }
        }
    }

    private static void WriteVocabulary(BinaryWriter writer, int tokens, bool scripted)
    {
        var words = scripted ? DecoderScript.Words.ToDictionary(w => w.Id, w => w.Text) : [];
        writer.Write(tokens);
        for (var i = 0; i < tokens; i++)
        {
            // Pseudo-words, most with a leading space as BPE word starts have, so word timings have words to split.
            // whisper.cpp looks the blank token " " up by text (suppress_blank); GPT-2's vocabulary has it at 220.
            // The scripted decoder's words are real English at their GPT-2 ids.
            var text = words.TryGetValue(i, out var word) ? word
                : i == BlankTokenId ? " " : (i % 4 == 0 ? string.Empty : " ") + PseudoWord(i);
            var bytes = Encoding.UTF8.GetBytes(text);
            writer.Write((uint)bytes.Length);
            writer.Write(bytes);
        }
    }

    /// <summary>A distinct pronounceable string per token id: the id written in base 24 with syllables as digits.</summary>
    private static string PseudoWord(int id)
    {
        var word = new StringBuilder();
        do
        {
            word.Insert(0, Syllables[id % Syllables.Length]);
            id /= Syllables.Length;
        }
        while (id > 0);

        return word.ToString();
    }

    private static void WriteTensor(
        BinaryWriter writer, Random random, ScriptedDecoderWeights? scripted, int? quantized, string name, int[] shape, bool isMatrix)
    {
        // As whisper.cpp's quantize tool does it: 2-D matrices quantized, conv kernels f16, the rest f32.
        var type = !isMatrix ? GgmlRowEncoder.F32 : quantized is { } q && shape.Length == 2 ? q : GgmlRowEncoder.F16;
        var nameBytes = Encoding.UTF8.GetBytes(name);
        writer.Write(shape.Length);
        writer.Write(nameBytes.Length);
        writer.Write(type);
        foreach (var size in shape)
        {
            writer.Write(size);
        }

        writer.Write(nameBytes);
        var isNormWeight = name.EndsWith("ln.weight", StringComparison.Ordinal) || name.EndsWith("ln_post.weight", StringComparison.Ordinal);
        var isBias = name.EndsWith(".bias", StringComparison.Ordinal);
        var rowLength = shape[0];
        var rows = shape.Skip(1).Aggregate(1, (a, b) => a * b);
        var row = new float[rowLength];
        var encoded = new byte[GgmlRowEncoder.RowBytes(type, rowLength)];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < rowLength; i++)
            {
                row[i] = isNormWeight ? 1f : isBias ? 0f : (float)(NextGaussian(random) * Sigma);
            }

            scripted?.Apply(name, r, row);
            if (type != GgmlRowEncoder.F32 && type != GgmlRowEncoder.F16)
            {
                // The quantize tool reads the f16 model: quantize what f16 holds.
                for (var i = 0; i < rowLength; i++)
                {
                    row[i] = (float)(Half)row[i];
                }
            }

            GgmlRowEncoder.Encode(type, row, encoded);
            writer.Write(encoded);
        }
    }

    private static double NextGaussian(Random random)
    {
        // Box-Muller: one of the pair is enough here.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
