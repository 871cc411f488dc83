using System.Text;

namespace Stt.Core.Models;

/// <summary>
/// Writes a synthetic whisper.cpp model: the exact ggml layout whisper.cpp loads, with weights drawn from
/// N(0, 0.02) from a fixed seed (layer-norm weights 1, biases 0), so the same spec always yields the same
/// bytes and the engine's output is deterministic. Matrices and conv kernels are f16; biases, norms and
/// positional embeddings f32 (an f32 conv kernel aborts ggml's im2col).
/// </summary>
public static class SyntheticModelWriter
{
    private const int Seed = 20240611;
    private const double Sigma = 0.02;
    private const int BlankTokenId = 220;

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
        WriteVocabulary(writer, spec.TextTokens);

        var random = new Random(Seed);
        foreach (var (name, shape, isMatrix) in GgmlTensorLayout.Tensors(p))
        {
            WriteTensor(writer, random, name, shape, isMatrix);
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

    private static void WriteVocabulary(BinaryWriter writer, int tokens)
    {
        writer.Write(tokens);
        for (var i = 0; i < tokens; i++)
        {
            // Pseudo-words, most with a leading space as BPE word starts have, so word timings have words to split.
            // whisper.cpp looks the blank token " " up by text (suppress_blank); GPT-2's vocabulary has it at 220.
            var text = i == BlankTokenId ? " " : (i % 4 == 0 ? string.Empty : " ") + PseudoWord(i);
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

    private static void WriteTensor(BinaryWriter writer, Random random, string name, int[] shape, bool isMatrix)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        writer.Write(shape.Length);
        writer.Write(nameBytes.Length);
        writer.Write(isMatrix ? 1 : 0);
        foreach (var size in shape)
        {
            writer.Write(size);
        }

        writer.Write(nameBytes);
        var elements = shape.Aggregate(1L, (a, b) => a * b);
        var isNormWeight = name.EndsWith("ln.weight", StringComparison.Ordinal) || name.EndsWith("ln_post.weight", StringComparison.Ordinal);
        var isBias = name.EndsWith(".bias", StringComparison.Ordinal);
        var buffer = new byte[isMatrix ? 2 * 4096 : 4 * 4096];
        var filled = 0;
        for (long i = 0; i < elements; i++)
        {
            var value = isNormWeight ? 1f : isBias ? 0f : (float)(NextGaussian(random) * Sigma);
            if (isMatrix)
            {
                BitConverter.TryWriteBytes(buffer.AsSpan(filled), (Half)value);
                filled += 2;
            }
            else
            {
                BitConverter.TryWriteBytes(buffer.AsSpan(filled), value);
                filled += 4;
            }

            if (filled == buffer.Length)
            {
                writer.Write(buffer);
                filled = 0;
            }
        }

        writer.Write(buffer, 0, filled);
    }

    private static double NextGaussian(Random random)
    {
        // Box-Muller: one of the pair is enough here.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
