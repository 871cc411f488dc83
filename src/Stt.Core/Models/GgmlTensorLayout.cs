namespace Stt.Core.Models;

/// <summary>The tensors a whisper.cpp model holds, and how many bytes each ggml type takes.</summary>
internal static class GgmlTensorLayout
{
    /// <summary>Bytes of tensor data of a ggml type, or null for a type this reader does not know.</summary>
    public static long? DataBytes(int type, long elements) => type switch
    {
        0 => elements * 4, // f32
        1 => elements * 2, // f16
        2 => elements / 32 * 18, // q4_0
        3 => elements / 32 * 20, // q4_1
        6 => elements / 32 * 22, // q5_0
        7 => elements / 32 * 24, // q5_1
        8 => elements / 32 * 34, // q8_0
        10 => elements / 256 * 84, // q2_K
        11 => elements / 256 * 110, // q3_K
        12 => elements / 256 * 144, // q4_K
        13 => elements / 256 * 176, // q5_K
        14 => elements / 256 * 210, // q6_K
        _ => null,
    };

    /// <summary>Every tensor name whisper.cpp expects for these hyper-parameters.</summary>
    public static IReadOnlyCollection<string> ExpectedTensorNames(GgmlHyperParameters p) =>
        Tensors(p).Select(t => t.Name).ToList();

    /// <summary>Every tensor with its shape (innermost dimension first) and whether it is stored as a matrix (f16).</summary>
    public static IEnumerable<(string Name, int[] Shape, bool IsMatrix)> Tensors(GgmlHyperParameters p)
    {
        int s = p.AudioState, m = p.MelBins;
        yield return ("encoder.positional_embedding", [s, p.AudioContext], false);
        yield return ("encoder.conv1.weight", [3, m, s], true);
        yield return ("encoder.conv1.bias", [1, s], false);
        yield return ("encoder.conv2.weight", [3, s, s], true);
        yield return ("encoder.conv2.bias", [1, s], false);
        yield return ("encoder.ln_post.weight", [s], false);
        yield return ("encoder.ln_post.bias", [s], false);
        for (var i = 0; i < p.AudioLayers; i++)
        {
            foreach (var t in Block($"encoder.blocks.{i}.", s, crossAttention: false))
            {
                yield return t;
            }
        }

        int t2 = p.TextState;
        yield return ("decoder.positional_embedding", [t2, p.TextContext], false);
        yield return ("decoder.token_embedding.weight", [t2, p.VocabularySize], true);
        yield return ("decoder.ln.weight", [t2], false);
        yield return ("decoder.ln.bias", [t2], false);
        for (var i = 0; i < p.TextLayers; i++)
        {
            foreach (var t in Block($"decoder.blocks.{i}.", t2, crossAttention: true))
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<(string Name, int[] Shape, bool IsMatrix)> Block(string prefix, int s, bool crossAttention)
    {
        yield return (prefix + "mlp_ln.weight", [s], false);
        yield return (prefix + "mlp_ln.bias", [s], false);
        yield return (prefix + "mlp.0.weight", [s, 4 * s], true);
        yield return (prefix + "mlp.0.bias", [4 * s], false);
        yield return (prefix + "mlp.2.weight", [4 * s, s], true);
        yield return (prefix + "mlp.2.bias", [s], false);
        foreach (var t in Attention(prefix + "attn", s))
        {
            yield return t;
        }

        if (crossAttention)
        {
            foreach (var t in Attention(prefix + "cross_attn", s))
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<(string Name, int[] Shape, bool IsMatrix)> Attention(string prefix, int s)
    {
        yield return (prefix + "_ln.weight", [s], false);
        yield return (prefix + "_ln.bias", [s], false);
        yield return (prefix + ".query.weight", [s, s], true);
        yield return (prefix + ".query.bias", [s], false);
        yield return (prefix + ".key.weight", [s, s], true);
        yield return (prefix + ".value.weight", [s, s], true);
        yield return (prefix + ".value.bias", [s], false);
        yield return (prefix + ".out.weight", [s, s], true);
        yield return (prefix + ".out.bias", [s], false);
    }
}
