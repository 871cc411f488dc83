using System.Numerics;
using Stt.Core.Models;
using Stt.Testing;

namespace Stt.Core.Tests.Models;

/// <summary>
/// The scripted decoder computed in managed code from the weights as written (dequantized), with ggml's rounding
/// of activations (f16 for f16 weights, 8-bit blocks for quantized ones): every script token's successor must lead
/// by a wide margin, after quantization too.
/// </summary>
[NonParallelizable]
[Integration]
public sealed class ScriptedDecoderWeightsTests
{
    private const string MapLayer = "decoder.blocks.0.";

    private static readonly string[] Scripted = [SyntheticModelSpec.TinyEn.Name, SyntheticModelSpec.TinyEnQ8.Name, SyntheticModelSpec.TinyEnQ5.Name];

    [TestCaseSource(nameof(Scripted))]
    public void Logits_EveryScriptToken_SuccessorLeadsByAWideMargin(string model)
    {
        var spec = SyntheticModelSpec.Find(model)!;
        var file = GgmlTensorFile.Read(TestModels.PathOf(spec));
        var script = new DecoderScript(spec.HyperParameters);
        var activations = file.TypeOf(MapLayer + "mlp.2.weight") == GgmlRowEncoder.F16 ? (Func<float[], float[]>)ToHalf : ToEightBitBlocks;
        var embedding = Matrix(file, "decoder.token_embedding.weight");
        var hiddenWeights = Matrix(file, MapLayer + "mlp.0.weight");
        var outputWeights = Matrix(file, MapLayer + "mlp.2.weight");
        var finals = script.Tokens.Select(t => Final(file, embedding[t], hiddenWeights, outputWeights, activations)).ToArray();
        var logits = Logits(embedding, finals);

        var successors = script.Transitions().ToLookup(t => t.From, t => t.To);
        var worstFirst = double.MaxValue;
        var worstSecond = double.MaxValue;
        for (var i = 0; i < script.Tokens.Count - 1; i++)
        {
            // The first successor must lead the whole vocabulary; a timestamp's second (the word after a timestamp
            // pair, where timestamps are suppressed) must lead every token below the timestamps.
            var token = script.Tokens[i];
            var next = successors[token].ToList();
            worstFirst = Math.Min(worstFirst, Lead(logits[i], next[0], 0, logits[i].Length));
            if (next.Count > 1)
            {
                worstSecond = Math.Min(worstSecond, Lead(logits[i], next[1], 0, script.TimestampBegin));
            }
        }

        TestContext.Out.WriteLine($"{spec.Name}: the successor leads by at least {worstFirst:F1} logits; after a timestamp pair, the next word by {worstSecond:F1}");
        Assert.That(worstFirst, Is.GreaterThan(15));
        Assert.That(worstSecond, Is.GreaterThan(10));
    }

    [TestCaseSource(nameof(Scripted))]
    public void Write_Scripted_EveryOtherOutputProjectionIsZero(string model)
    {
        var file = GgmlTensorFile.Read(TestModels.PathOf(SyntheticModelSpec.Find(model)!));

        var projections = file.Names.Where(n => n.StartsWith("decoder.blocks.", StringComparison.Ordinal)
            && (n.EndsWith("attn.out.weight", StringComparison.Ordinal) || (n.EndsWith("mlp.2.weight", StringComparison.Ordinal) && !n.StartsWith(MapLayer, StringComparison.Ordinal))))
            .ToList();

        Assert.That(projections, Has.Count.EqualTo((4 * 2) + 3), "self and cross attention in 4 layers, 3 MLPs");
        Assert.That(projections.SelectMany(n => Enumerable.Range(0, file.RowsOf(n)).SelectMany(r => file.Row(n, r))), Has.All.EqualTo(0f));
        Assert.That(file.Names.Where(n => n.StartsWith("encoder.blocks.", StringComparison.Ordinal) && n.EndsWith("out.weight", StringComparison.Ordinal))
            .Select(n => file.Row(n, 0).Count(v => v != 0)), Has.All.GreaterThan(300), "the encoder stays random");
    }

    /// <summary>The final hidden state of a token: its embedding plus the map MLP, then the final norm.</summary>
    private static float[] Final(GgmlTensorFile file, float[] x, float[][] hiddenWeights, float[][] outputWeights, Func<float[], float[]> activations)
    {
        var normed = LayerNorm(x, file.Row(MapLayer + "mlp_ln.weight", 0), file.Row(MapLayer + "mlp_ln.bias", 0));
        var hidden = Add(MatVec(hiddenWeights, activations(normed)), file.Row(MapLayer + "mlp.0.bias", 0));
        hidden = [.. hidden.Select(Gelu)];
        var output = Add(MatVec(outputWeights, activations(hidden)), file.Row(MapLayer + "mlp.2.bias", 0));
        var final = LayerNorm(Add(x, output), file.Row("decoder.ln.weight", 0), file.Row("decoder.ln.bias", 0));
        return activations(final);
    }

    private static float[][] Logits(float[][] embedding, float[][] finals)
    {
        var logits = finals.Select(_ => new float[embedding.Length]).ToArray();
        Parallel.For(0, embedding.Length, v =>
        {
            for (var i = 0; i < finals.Length; i++)
            {
                logits[i][v] = Dot(embedding[v], finals[i]);
            }
        });
        return logits;
    }

    /// <summary>How far <paramref name="target"/>'s logit leads every other token in [from, to).</summary>
    private static double Lead(float[] logits, int target, int from, int to)
    {
        var best = float.MinValue;
        for (var v = from; v < to; v++)
        {
            if (v != target)
            {
                best = Math.Max(best, logits[v]);
            }
        }

        return logits[target] - best;
    }

    private static float[][] Matrix(GgmlTensorFile file, string name) =>
        [.. Enumerable.Range(0, file.RowsOf(name)).Select(r => file.Row(name, r))];

    private static float[] MatVec(float[][] rows, float[] x) => [.. rows.Select(r => Dot(r, x))];

    private static float Dot(float[] a, float[] b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a, i) * new Vector<float>(b, i);
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private static float[] Add(float[] a, float[] b) => [.. a.Zip(b, (x, y) => x + y)];

    private static float[] LayerNorm(float[] x, float[] weight, float[] bias)
    {
        var mean = x.Average();
        var variance = x.Select(v => (v - mean) * (v - mean)).Average();
        var scale = 1 / MathF.Sqrt(variance + 1e-5f);
        return [.. x.Select((v, i) => ((v - mean) * scale * weight[i]) + bias[i])];
    }

    // ggml's GELU: the identity from 10 up, the tanh approximation below.
    private static float Gelu(float x) => x >= 10 ? x : x <= -10 ? 0 : 0.5f * x * (1 + MathF.Tanh(0.7978845608f * (x + (0.044715f * x * x * x))));

    // ggml converts a matrix product's input to the weights' dot type: f16, or 8-bit blocks of 32 (q8_0, q8_1).
    private static float[] ToHalf(float[] x) => [.. x.Select(v => (float)(Half)v)];

    private static float[] ToEightBitBlocks(float[] x)
    {
        var y = new float[x.Length];
        for (var b = 0; b < x.Length; b += 32)
        {
            var amax = x.Skip(b).Take(32).Max(MathF.Abs);
            var d = amax / 127;
            var id = amax != 0 ? 127 / amax : 0;
            for (var j = b; j < b + 32; j++)
            {
                y[j] = (float)(Half)d * MathF.Round(x[j] * id);
            }
        }

        return y;
    }
}
