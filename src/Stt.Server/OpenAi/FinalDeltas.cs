using System.Text;

namespace Stt.Server.OpenAi;

/// <summary>
/// A transcript sent as deltas, one per final as it is ready: each delta is the final's text, after the first with the
/// space that joins it, so that the deltas put together are the <see cref="Transcript"/>.
/// </summary>
internal sealed class FinalDeltas
{
    private readonly StringBuilder _transcript = new();

    /// <summary>Finals so far.</summary>
    public int Count { get; private set; }

    /// <summary>The finals so far, joined by spaces.</summary>
    public string Transcript => _transcript.ToString();

    /// <summary>The delta that adds <paramref name="finalText"/> to the transcript.</summary>
    public string Next(string finalText)
    {
        var delta = Count++ == 0 ? finalText : " " + finalText;
        _transcript.Append(delta);
        return delta;
    }
}
