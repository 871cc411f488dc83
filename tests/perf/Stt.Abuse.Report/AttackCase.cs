namespace Stt.Abuse.Report;

/// <summary>One row of an attack: one way in, measured on its own (answers, wall time, memory, places).</summary>
/// <param name="Name">What it sends, and through which door.</param>
/// <param name="RunAsync">The attack; records every answer it gets in the context.</param>
internal sealed record AttackCase(string Name, Func<AttackContext, Task> RunAsync)
{
    /// <summary>Builds what the attack sends, before it is measured (a file made with ffmpeg, say).</summary>
    public Func<CancellationToken, Task>? PrepareAsync { get; init; }

    /// <summary>Why the case cannot run here (a missing tool); null when it can.</summary>
    public string? SkipReason { get; init; }
}
