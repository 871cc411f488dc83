namespace Stt.Core.Models;

/// <summary>
/// What the scripted synthetic decoder says, as whisper.cpp decodes it: per second k of a 30-s window,
/// <c>ts(k) ts(k) w w w</c> (ts(0) once, at the start), so a pass over d seconds emits 3 x d distinct English
/// words and ends when a timestamp reaches the end of the audio (whisper.cpp: <c>seek + seek_delta + 10 >= seek_end</c>);
/// after the 90th word, <c>ts(30)</c> then end of text.
/// </summary>
/// <remarks>
/// Each token maps to the next: a text token to the following token; a timestamp to itself first (taken after
/// text, where only timestamps or end of text may follow) and to the next word second (taken after a timestamp
/// pair, where timestamps are suppressed). The words are GPT-2 tokens, at their ids in the real vocabulary.
/// </remarks>
internal sealed class DecoderScript
{
    /// <summary>Text tokens per second of audio.</summary>
    public const int WordsPerSecond = 3;

    /// <summary>Seconds in a Whisper window.</summary>
    public const int WindowSeconds = 30;

    /// <summary>Weight of a timestamp's second successor (the next word) against its first (itself).</summary>
    public const float PairWeight = 0.5f;

    private const int TimestampsPerSecond = 50; // whisper.cpp: one timestamp token per 20 ms
    private const int EnglishOnlyVocabularySize = 51864;

    /// <summary>The words, in order, with their ids in GPT-2's vocabulary (English-only Whisper's text tokens).</summary>
    public static IReadOnlyList<(string Text, int Id)> Words { get; } =
    [
        (" time", 640), (" year", 614), (" people", 661), (" way", 835), (" day", 1110), (" man", 582),
        (" thing", 1517), (" woman", 2415), (" moment", 2589), (" child", 1200), (" world", 995), (" school", 1524),
        (" state", 1181), (" family", 1641), (" student", 3710), (" group", 1448), (" country", 1499), (" problem", 1917),
        (" hand", 1021), (" part", 636), (" place", 1295), (" case", 1339), (" week", 1285), (" company", 1664),
        (" system", 1080), (" program", 1430), (" question", 1808), (" work", 670), (" government", 1230), (" number", 1271),
        (" night", 1755), (" point", 966), (" home", 1363), (" water", 1660), (" room", 2119), (" mother", 2802),
        (" area", 1989), (" money", 1637), (" story", 1621), (" fact", 1109), (" month", 1227), (" lot", 1256),
        (" right", 826), (" study", 2050), (" book", 1492), (" eye", 4151), (" job", 1693), (" word", 1573),
        (" business", 1597), (" issue", 2071), (" side", 1735), (" kind", 1611), (" head", 1182), (" house", 2156),
        (" service", 2139), (" friend", 1545), (" father", 2988), (" power", 1176), (" hour", 1711), (" game", 983),
        (" teacher", 4701), (" end", 886), (" member", 2888), (" law", 1099), (" car", 1097), (" city", 1748),
        (" community", 2055), (" name", 1438), (" president", 1893), (" team", 1074), (" minute", 5664), (" idea", 2126),
        (" kid", 5141), (" body", 1767), (" information", 1321), (" back", 736), (" parent", 2560), (" face", 1986),
        (" others", 1854), (" level", 1241), (" office", 2607), (" door", 3420), (" health", 1535), (" person", 1048),
        (" art", 1242), (" war", 1175), (" history", 2106), (" party", 2151), (" result", 1255), (" change", 1487),
    ];

    /// <summary>The script for an English-only vocabulary (whisper.cpp's token ids: <c>whisper_vocab</c>).</summary>
    /// <exception cref="ArgumentException">The model is multilingual or smaller than English-only Whisper.</exception>
    public DecoderScript(GgmlHyperParameters p)
    {
        if (p.VocabularySize != EnglishOnlyVocabularySize)
        {
            throw new ArgumentException($"the scripted decoder needs the English-only vocabulary ({EnglishOnlyVocabularySize} tokens), not {p.VocabularySize}", nameof(p));
        }

        Tokens = [Sot, .. Enumerable.Range(0, WindowSeconds + 1).Select(Timestamp), .. Words.Select(w => w.Id), Eot];
        if (Tokens.Count > p.TextState)
        {
            throw new ArgumentException($"the script needs {Tokens.Count} residual directions; the decoder has {p.TextState}", nameof(p));
        }
    }

    /// <summary>End of text.</summary>
    public int Eot => 50256;

    /// <summary>Start of transcript: the prompt's last token, which maps to ts(0).</summary>
    public int Sot => 50257;

    /// <summary>The first timestamp token, <c>&lt;|0.00|&gt;</c>.</summary>
    public int TimestampBegin => 50363;

    /// <summary>Every token the script uses; a token's index here is its direction in the residual stream.</summary>
    public IReadOnlyList<int> Tokens { get; }

    /// <summary>The timestamp token of a whole second.</summary>
    public int Timestamp(int second) => TimestampBegin + (second * TimestampsPerSecond);

    /// <summary>Each token's successors with their weights: the linear map the decoder's MLP implements.</summary>
    public IEnumerable<(int From, int To, float Weight)> Transitions()
    {
        yield return (Sot, Timestamp(0), 1f);
        for (var second = 0; second < WindowSeconds; second++)
        {
            var first = second * WordsPerSecond;
            yield return (Timestamp(second), Timestamp(second), 1f);
            yield return (Timestamp(second), Words[first].Id, PairWeight);
            for (var i = first; i < first + WordsPerSecond - 1; i++)
            {
                yield return (Words[i].Id, Words[i + 1].Id, 1f);
            }

            yield return (Words[first + WordsPerSecond - 1].Id, Timestamp(second + 1), 1f);
        }

        yield return (Timestamp(WindowSeconds), Eot, 1f);
    }

    /// <summary>
    /// The words one pass over <paramref name="samples"/> samples (16 kHz, at most one window) emits: three per
    /// second up to the first whole second whose timestamp reaches the end of the audio, as whisper.cpp counts it
    /// (mel frames <c>1 + (samples - 200) / 160</c>; a segment ends when <c>100 k + 10 >= frames</c>).
    /// </summary>
    public static IReadOnlyList<string> WordsFor(int samples)
    {
        var frames = 1 + ((samples - 200) / 160);
        if (frames < 10)
        {
            return []; // whisper.cpp skips audio shorter than 100 ms
        }

        var seconds = Math.Clamp((frames - 10 + 99) / 100, 1, WindowSeconds);
        return Words.Take(seconds * WordsPerSecond).Select(w => w.Text).ToList();
    }
}
