namespace Stt.Cli.Accuracy;

/// <summary>
/// Spells numbers in English words ("1984" as a year: "nineteen eighty four"; "21st": "twenty first"), so a
/// hypothesis with digits and a reference with words (LibriSpeech writes every number out) compare equal.
/// Written here because no maintained .NET package on the feed spells numbers without pulling in a
/// localisation framework.
/// </summary>
internal static class NumberWords
{
    private static readonly string[] Ones =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static readonly (long Value, string Name)[] Scales =
    [
        (1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"),
    ];

    private static readonly Dictionary<string, string> IrregularOrdinals = new(StringComparer.Ordinal)
    {
        ["one"] = "first", ["two"] = "second", ["three"] = "third", ["five"] = "fifth",
        ["eight"] = "eighth", ["nine"] = "ninth", ["twelve"] = "twelfth",
    };

    /// <summary>A whole number in words: 105 is "one hundred five" (no "and").</summary>
    public static string Cardinal(long value)
    {
        if (value < 0)
        {
            return "minus " + Cardinal(-value);
        }

        if (value < 20)
        {
            return Ones[value];
        }

        if (value < 100)
        {
            return value % 10 == 0 ? Tens[value / 10] : $"{Tens[value / 10]} {Ones[value % 10]}";
        }

        if (value < 1000)
        {
            return value % 100 == 0 ? $"{Ones[value / 100]} hundred" : $"{Ones[value / 100]} hundred {Cardinal(value % 100)}";
        }

        foreach (var (scale, name) in Scales)
        {
            if (value >= scale)
            {
                var rest = value % scale;
                var head = $"{Cardinal(value / scale)} {name}";
                return rest == 0 ? head : $"{head} {Cardinal(rest)}";
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// A four-digit number the way years are said when it looks like one (1100-1999 not a multiple of 100:
    /// "nineteen eighty four"; "1900" stays "nineteen hundred"); any other number as <see cref="Cardinal"/>.
    /// </summary>
    public static string YearOrCardinal(long value)
    {
        if (value is >= 1100 and <= 1999)
        {
            var (century, rest) = (value / 100, value % 100);
            return rest switch
            {
                0 => $"{Cardinal(century)} hundred",
                < 10 => $"{Cardinal(century)} oh {Cardinal(rest)}",
                _ => $"{Cardinal(century)} {Cardinal(rest)}",
            };
        }

        return Cardinal(value);
    }

    /// <summary>An ordinal in words: 1 is "first", 21 "twenty first", 100 "one hundredth".</summary>
    public static string Ordinal(long value)
    {
        var words = Cardinal(value);
        var cut = words.LastIndexOf(' ') + 1;
        var last = words[cut..];
        var ordinal = IrregularOrdinals.TryGetValue(last, out var irregular) ? irregular
            : last.EndsWith('y') ? last[..^1] + "ieth"
            : last + "th";
        return words[..cut] + ordinal;
    }
}
