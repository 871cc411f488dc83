using Stt.V1;

namespace Stt.Abuse.Report;

/// <summary>Everything the report shows.</summary>
/// <param name="Server">What the server said it runs (null when it never answered).</param>
/// <param name="SeparateCallers">True when the well-behaved stream called from an address of its own.</param>
/// <param name="WellBehavedSource">The well-behaved stream's audio.</param>
/// <param name="Attacks">Each attack with its cases' results.</param>
/// <param name="Finals">The well-behaved stream's final latencies in arrival order, ms.</param>
/// <param name="AloneFinals">How many of them came before the attacks began.</param>
/// <param name="WellBehavedError">How the well-behaved stream ended, when the server ended it.</param>
/// <param name="HeldAtEnd">Live streams still open 10 s after the attacks ended and the well-behaved stream was closed (-1: unknown).</param>
/// <param name="LogAvailable">True when the server's log was read.</param>
/// <param name="LogProblems">Error entries and stack traces the server logged from the well-behaved stream's start to the attacks' end.</param>
/// <param name="LogBefore">Those it logged before (starting up).</param>
/// <param name="Failures">Why the run fails; empty when it passes.</param>
internal sealed record RunResult(
    ServerInfo? Server,
    bool SeparateCallers,
    string WellBehavedSource,
    IReadOnlyList<(Attack Attack, IReadOnlyList<CaseResult> Cases)> Attacks,
    IReadOnlyList<double> Finals,
    int AloneFinals,
    string? WellBehavedError,
    int HeldAtEnd,
    bool LogAvailable,
    IReadOnlyList<LogEntry> LogProblems,
    IReadOnlyList<LogEntry> LogBefore,
    IReadOnlyList<string> Failures);
