namespace Stt.Cli.Accuracy;

/// <summary>
/// The word-level edit distance between a reference and a hypothesis, split by kind. Word error rate is
/// (substitutions + deletions + insertions) / reference words; over a corpus the counts are summed first.
/// </summary>
internal readonly record struct WordErrors(int Substitutions, int Deletions, int Insertions, int ReferenceWords)
{
    public int Errors => Substitutions + Deletions + Insertions;

    /// <summary>Errors per reference word; with an empty reference, 0 when the hypothesis is empty too, else 1.</summary>
    public double Rate => ReferenceWords > 0 ? (double)Errors / ReferenceWords : Errors == 0 ? 0 : 1;

    public static WordErrors operator +(WordErrors a, WordErrors b) =>
        new(a.Substitutions + b.Substitutions, a.Deletions + b.Deletions, a.Insertions + b.Insertions, a.ReferenceWords + b.ReferenceWords);

    /// <summary>Compares two texts after <see cref="EnglishTextNormalizer"/>.</summary>
    public static WordErrors Between(string reference, string hypothesis) =>
        Align(EnglishTextNormalizer.Words(reference), EnglishTextNormalizer.Words(hypothesis));

    /// <summary>
    /// Levenshtein alignment over words (every edit costs 1); among alignments of minimal cost the one found by
    /// backtracking substitution-first is counted, so the split between kinds is deterministic.
    /// </summary>
    public static WordErrors Align(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        var (r, h) = (reference.Count, hypothesis.Count);
        var cost = new int[r + 1, h + 1];
        for (var i = 0; i <= r; i++)
        {
            cost[i, 0] = i;
        }

        for (var j = 0; j <= h; j++)
        {
            cost[0, j] = j;
        }

        for (var i = 1; i <= r; i++)
        {
            for (var j = 1; j <= h; j++)
            {
                var same = string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal);
                cost[i, j] = Math.Min(cost[i - 1, j - 1] + (same ? 0 : 1), Math.Min(cost[i - 1, j], cost[i, j - 1]) + 1);
            }
        }

        int substitutions = 0, deletions = 0, insertions = 0;
        for (int i = r, j = h; i > 0 || j > 0;)
        {
            if (i > 0 && j > 0 && cost[i, j] == cost[i - 1, j - 1] + (string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal) ? 0 : 1))
            {
                substitutions += cost[i, j] - cost[i - 1, j - 1];
                (i, j) = (i - 1, j - 1);
            }
            else if (i > 0 && cost[i, j] == cost[i - 1, j] + 1)
            {
                deletions++;
                i--;
            }
            else
            {
                insertions++;
                j--;
            }
        }

        return new WordErrors(substitutions, deletions, insertions, r);
    }
}
