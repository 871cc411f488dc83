namespace Stt.Abuse.Report;

/// <summary>How big each attack is: as the findings describe them, or smaller for a smoke run in CI.</summary>
/// <param name="Smoke">True for the smoke run.</param>
/// <param name="EmptyPackets">Empty Opus packets after the one real packet (each conceals 20 ms if decoded).</param>
/// <param name="TinyPackets">Copies of one small real Opus packet in one message.</param>
/// <param name="RealtimePairs">Realtime "turn detection changed" + "commit" pairs on one session.</param>
/// <param name="InvalidEvents">Invalid Realtime events sent by a client that never reads.</param>
/// <param name="ReorderPushes">Out-of-order pushes of 1 MiB each.</param>
/// <param name="FileCalls">Parallel Transcribe calls from one caller.</param>
/// <param name="LacingBytes">0xFF lacing bytes in the WebM block (past 8.4 million, their sum overflows a 32-bit size).</param>
/// <param name="Alone">How long the well-behaved stream runs alone before the attacks.</param>
/// <param name="CaseBound">How long one attack may take before it counts as a hang.</param>
internal sealed record AttackSizes(
    bool Smoke,
    int EmptyPackets,
    int TinyPackets,
    int RealtimePairs,
    int InvalidEvents,
    int ReorderPushes,
    int FileCalls,
    int LacingBytes,
    TimeSpan Alone,
    TimeSpan CaseBound)
{
    public static AttackSizes Full { get; } = new(false, 1_000_000, 500_000, 500, 10_000, 64, 64, 10_000_000, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(5));

    public static AttackSizes SmokeRun { get; } = new(true, 100_000, 100_000, 50, 2_000, 8, 32, 10_000_000, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(2));
}
