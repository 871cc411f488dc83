namespace Stt.Server.Sessions;

/// <summary>
/// Browser sessions (results streamed, audio pushed). Bound from <c>Stt:Sessions</c>; how long they live, as every live
/// stream, is <see cref="Core.Streaming.StreamLifetimeOptions"/>.
/// </summary>
public sealed record SessionOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Sessions";

    /// <summary>A session whose results stream is gone for this long is closed (it can be resumed until then). Default 15 s.</summary>
    public TimeSpan DetachedGrace { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Pushes that may wait for an earlier missing one. Default 64 (about 10 s of 150 ms pushes).</summary>
    public int MaxOutOfOrderPushes { get; init; } = 64;

    /// <summary>
    /// Bytes those waiting pushes may hold together. Default 4 MiB: 64 pushes of 150 ms of 48-kHz stereo PCM take 1.8 MiB,
    /// of Opus a few hundred KiB.
    /// </summary>
    public long MaxOutOfOrderBytes { get; init; } = 4 * 1024 * 1024;
}
