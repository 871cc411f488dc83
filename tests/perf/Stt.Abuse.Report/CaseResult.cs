namespace Stt.Abuse.Report;

/// <summary>What one attack case got and cost.</summary>
/// <param name="Name">The case.</param>
/// <param name="Answers">Every answer, classified.</param>
/// <param name="Checks">Targets beyond the statuses.</param>
/// <param name="Wall">From its first call to its last answer.</param>
/// <param name="RssGrowthMb">The server's peak resident memory while it ran (and until its places were checked) minus the resident memory just before it.</param>
/// <param name="PlacesHeld">Live streams it left open 10 s after it ended (the well-behaved stream and any left by earlier attacks not counted).</param>
/// <param name="PlacesBackAfter">When every place had come back, from its end; null when some were still held at 10 s.</param>
/// <param name="WellBehavedFinals">The well-behaved stream's finals that arrived while it ran: [start, end) in arrival order.</param>
/// <param name="LogProblems">Error entries and stack traces the server logged while it ran.</param>
/// <param name="Skipped">Why it did not run; null when it did.</param>
internal sealed record CaseResult(
    string Name,
    IReadOnlyList<Answer> Answers,
    IReadOnlyList<Check> Checks,
    TimeSpan Wall,
    double RssGrowthMb,
    int PlacesHeld,
    TimeSpan? PlacesBackAfter,
    (int Start, int End) WellBehavedFinals,
    IReadOnlyList<LogEntry> LogProblems,
    string? Skipped)
{
    /// <summary>Target: the server's resident memory grows by less than this during an attack.</summary>
    public const double RssTargetMb = 200;

    public bool AnswersMet => Answers.All(a => a.Expected && a.Kind != AnswerKind.Unusable);

    public bool RssMet => RssGrowthMb < RssTargetMb;

    public bool PlacesMet => PlacesHeld == 0;

    public bool Met => Skipped is null && AnswersMet && RssMet && PlacesMet && Checks.All(c => c.Met);

    /// <summary>True when the case must fail the run: an answer no client can use (or none at all).</summary>
    public bool Unusable => Answers.Any(a => a.Kind == AnswerKind.Unusable);

    public static CaseResult Skip(string name, string reason) => new(name, [], [], TimeSpan.Zero, 0, 0, TimeSpan.Zero, (0, 0), [], reason);
}
