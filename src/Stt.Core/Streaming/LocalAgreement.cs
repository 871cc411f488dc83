namespace Stt.Core.Streaming;

/// <summary>
/// LocalAgreement-2 (as in ufal/whisper_streaming): words that two consecutive hypotheses of the same growing
/// window agree on, from the start, are stable. Stable words are committed and never shrink within an
/// utterance: a later hypothesis that disagrees with them only changes the words after them.
/// </summary>
public sealed class LocalAgreement
{
    private string[] _previous = [];
    private string[] _committed = [];

    /// <summary>The committed (stable) words so far.</summary>
    public IReadOnlyList<string> Committed => _committed;

    /// <summary>Takes the next hypothesis; returns the stable prefix and the full text to show.</summary>
    public (string Stable, string Full) Update(string hypothesis)
    {
        var words = hypothesis.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var agreed = CommonPrefixLength(_previous, words);
        if (agreed > _committed.Length && CommonPrefixLength(_committed, words) == _committed.Length)
        {
            _committed = words[..agreed];
        }

        _previous = words;
        return Show(words);
    }

    /// <summary>
    /// Shows a hypothesis that may not commit anything (a provisional pass): the committed words, then its words after
    /// them. It does not count as one of the two hypotheses that must agree.
    /// </summary>
    public (string Stable, string Full) Preview(string hypothesis) =>
        Show(hypothesis.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private (string Stable, string Full) Show(string[] words) =>
        (string.Join(' ', _committed), string.Join(' ', _committed.Concat(words.Skip(ContinuationStart(words)))));

    /// <summary>
    /// Where <paramref name="words"/> goes on after the committed words. Usually right after them; but a pass may
    /// merge or split a word near the boundary ("ask not" / "asknot"), so when the prefix differs the last committed
    /// word is looked for nearby and the text resumes after it. A hypothesis shorter than the committed words adds
    /// nothing: the committed words are shown, none lost.
    /// </summary>
    private int ContinuationStart(string[] words)
    {
        var count = _committed.Length;
        if (count == 0 || CommonPrefixLength(_committed, words) == count)
        {
            return count;
        }

        var last = Normalize(_committed[^1]);
        foreach (var offset in (ReadOnlySpan<int>)[0, -1, 1, -2, 2])
        {
            var at = count - 1 + offset;
            if (at >= 0 && at < words.Length && string.Equals(Normalize(words[at]), last, StringComparison.Ordinal))
            {
                return at + 1;
            }
        }

        return Math.Min(count, words.Length);
    }

    /// <summary>Number of leading words two sequences share, ignoring case and punctuation.</summary>
    public static int CommonPrefixLength(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var n = 0;
        while (n < a.Count && n < b.Count && string.Equals(Normalize(a[n]), Normalize(b[n]), StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    private static string Normalize(string word) =>
        new(word.Where(c => !char.IsPunctuation(c)).Select(char.ToLowerInvariant).ToArray());
}
