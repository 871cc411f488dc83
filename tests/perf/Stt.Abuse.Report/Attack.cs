namespace Stt.Abuse.Report;

/// <summary>One attack of the catalogue: a table of the report, one row per way in (<see cref="AttackCase"/>).</summary>
/// <param name="Title">The heading: what the attack is and how big.</param>
/// <param name="Cases">Its rows, run one after another, each measured on its own.</param>
internal sealed record Attack(string Title, IReadOnlyList<AttackCase> Cases);
