using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Stt.Cli.Accuracy;

/// <summary>
/// Puts a reference and a hypothesis in one written form before they are compared, so word error rate counts
/// recognition errors rather than style. In order:
/// <list type="number">
/// <item>Unicode compatibility form (NFKC) and lower case; curly quotes become straight ones.</item>
/// <item>Annotations in brackets or parentheses ("[music]", "(laughs)") are dropped: references have none.</item>
/// <item>Numbers become words: thousands separators go ("1,000"), "$5" is "five dollars", "50%" "fifty percent",
/// "3.5" "three point five", "21st" "twenty first", 1100-1999 read as years ("nineteen eighty four"), other
/// whole numbers as cardinals without "and" ("one hundred five").</item>
/// <item>"&amp;" is "and"; hyphens, dashes and slashes separate words ("twenty-one" is "twenty one").</item>
/// <item>Apostrophes are removed ("don't" and "dont" match); every other punctuation mark or symbol is dropped.</item>
/// <item>Whitespace collapses to single spaces.</item>
/// </list>
/// It does not unify British and American spelling or expand abbreviations ("mr" stays "mr").
/// </summary>
internal static partial class EnglishTextNormalizer
{
    /// <summary>The normalised words of <paramref name="text"/>.</summary>
    public static string[] Words(string text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The normalised text: lower-case words separated by single spaces.</summary>
    public static string Normalize(string text)
    {
        var s = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant()
            .Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"');
        s = Annotation().Replace(s, " ");
        for (var previous = string.Empty; previous != s;)
        {
            previous = s;
            s = ThousandsSeparator().Replace(s, "$1$2"); // "1,000,000" needs two passes: the matches overlap
        }

        s = Currency().Replace(s, m => $" {m.Groups[1].Value} dollars ");
        s = Percent().Replace(s, m => $" {m.Groups[1].Value} percent ");
        s = OrdinalNumber().Replace(s, m => $" {NumberWords.Ordinal(Parse(m.Groups[1].Value))} ");
        s = DecimalNumber().Replace(s, m => $" {Spell(m.Groups[1].Value)} point {string.Join(' ', m.Groups[2].Value.Select(d => NumberWords.Cardinal(d - '0')))} ");
        s = WholeNumber().Replace(s, m => $" {Spell(m.Value)} ");
        s = s.Replace("&", " and ", StringComparison.Ordinal);
        s = WordSeparator().Replace(s, " ");
        s = s.Replace("'", string.Empty, StringComparison.Ordinal);
        var kept = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            kept.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        return Whitespace().Replace(kept.ToString(), " ").Trim();
    }

    // Numbers too long for a long (serial numbers, digits read out) are spelled digit by digit.
    private static string Spell(string digits) =>
        digits.Length <= 15 ? NumberWords.YearOrCardinal(Parse(digits)) : string.Join(' ', digits.Select(d => NumberWords.Cardinal(d - '0')));

    private static long Parse(string digits) => long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\[[^\]]*\]|\([^)]*\)")]
    private static partial Regex Annotation();

    [GeneratedRegex(@"(\d),(\d{3})(?!\d)")]
    private static partial Regex ThousandsSeparator();

    [GeneratedRegex(@"\$\s?(\d+(?:\.\d+)?)")]
    private static partial Regex Currency();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s?%")]
    private static partial Regex Percent();

    [GeneratedRegex(@"\b(\d+)(?:st|nd|rd|th)\b")]
    private static partial Regex OrdinalNumber();

    [GeneratedRegex(@"(\d+)\.(\d+)")]
    private static partial Regex DecimalNumber();

    [GeneratedRegex(@"\d+")]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"[-\u2010-\u2015/]")]
    private static partial Regex WordSeparator();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
