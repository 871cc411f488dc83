using Stt.Abuse.Report.Attacks;

namespace Stt.Abuse.Report;

/// <summary>The attacks, in the order of the findings they check.</summary>
internal static class Catalog
{
    public static IReadOnlyList<Attack> Create(AttackSizes sizes) =>
    [
        EmptyPacketBomb.Create(sizes),
        TinyPacketBomb.Create(sizes),
        ShortDeadlineSessions.Create(),
        SilentStreams.Create(),
        RealtimeAbuse.Create(sizes),
        ReorderBuffer.Create(sizes),
        ConvertedUploads.Create(),
        FileCallsPerCaller.Create(sizes),
        ManagementSurface.Create(),
        WebMLacingOverflow.Create(sizes),
    ];
}
