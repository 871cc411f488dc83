namespace Stt.Core.Models;

/// <summary>
/// Decoder weights that make whisper.cpp decode <see cref="DecoderScript"/>, with every layer still computed.
/// Every attention's output projection and every MLP's output are zero except one MLP, so the residual stream
/// of a token is its own embedding: one direction per script token (row = e_i). That MLP maps it to the next
/// token: <c>mlp.0</c> copies the normalised stream into the first S hidden units on top of a bias high enough
/// for GELU to be linear there, and <c>mlp.2</c> = gamma * M (M e_i = its successors) with a bias that cancels
/// it. The final state is e_t + gain * M e_t; the output embedding is tied, so after the final norm the
/// successor's logit leads by ~40 and the rest of the vocabulary (small random rows) trails by ~20 or more.
/// The decoder's positional embedding is zero, so the map does not depend on the position.
/// </summary>
internal sealed class ScriptedDecoderWeights
{
    private const int MapLayer = 0;

    // The map's output in units of a token's own embedding: the successor must outweigh the token itself.
    private const float MapGain = 4f;

    // GELU(x) = x for x >= 10 in ggml; the normalised input is within [-0.06, 19.6].
    private const float HiddenBias = 12f;

    // decoder.ln.weight: scales every logit; at 4 the successor leads by ~40 logits.
    private const float OutputGain = 4f;

    private readonly int _state;
    private readonly Dictionary<int, int> _direction = [];
    private readonly List<(int From, int To, float Weight)> _map = [];
    private readonly float _gamma;
    private readonly string _mapHidden = $"decoder.blocks.{MapLayer}.mlp.0.";
    private readonly string _mapOutput = $"decoder.blocks.{MapLayer}.mlp.2.";

    public ScriptedDecoderWeights(GgmlHyperParameters p)
    {
        var script = new DecoderScript(p);
        _state = p.TextState;
        for (var i = 0; i < script.Tokens.Count; i++)
        {
            _direction[script.Tokens[i]] = i;
        }

        _map.AddRange(script.Transitions().Select(t => (_direction[t.From], _direction[t.To], t.Weight)));

        // The MLP sees LayerNorm(e_i): sqrt(S - 1) on its own direction, so gamma * sqrt(S - 1) = MapGain.
        _gamma = MapGain / MathF.Sqrt(_state - 1);
    }

    /// <summary>Rewrites row <paramref name="row"/> of tensor <paramref name="name"/> in place (values arrive random).</summary>
    public void Apply(string name, int row, Span<float> values)
    {
        if (!name.StartsWith("decoder.", StringComparison.Ordinal))
        {
            return; // the encoder stays random: its output only feeds cross-attention, whose projection is zero
        }

        if (name == "decoder.positional_embedding"
            || name.EndsWith("attn.out.weight", StringComparison.Ordinal)
            || name.EndsWith("attn.out.bias", StringComparison.Ordinal)
            || (name.EndsWith(".mlp.2.weight", StringComparison.Ordinal) && !name.StartsWith(_mapOutput, StringComparison.Ordinal))
            || (name.EndsWith(".mlp.2.bias", StringComparison.Ordinal) && !name.StartsWith(_mapOutput, StringComparison.Ordinal)))
        {
            values.Clear();
        }
        else if (name == "decoder.token_embedding.weight" && _direction.TryGetValue(row, out var direction))
        {
            values.Clear();
            values[direction] = 1f;
        }
        else if (name == "decoder.ln.weight")
        {
            values.Fill(OutputGain);
        }
        else if (name == _mapHidden + "weight" && row < _state)
        {
            values.Clear();
            values[row] = 1f;
        }
        else if (name == _mapHidden + "bias")
        {
            values[.._state].Fill(HiddenBias);
        }
        else if (name == _mapOutput + "weight")
        {
            values.Clear();
            foreach (var (from, to, weight) in _map)
            {
                if (to == row)
                {
                    values[from] = _gamma * weight;
                }
            }
        }
        else if (name == _mapOutput + "bias")
        {
            values.Clear();
            foreach (var (_, to, weight) in _map)
            {
                values[to] -= _gamma * HiddenBias * weight;
            }
        }
    }
}
