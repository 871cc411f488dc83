namespace Stt.Core.Streaming;

/// <summary>
/// How long a live stream lives: gRPC streams, browser sessions and Realtime sessions alike. Bound from
/// <c>Stt:Streams</c>; the keys it replaced (<c>Stt:Api:StreamIdleTimeout</c>, <c>Stt:Api:MaxStreamDuration</c>,
/// <c>Stt:Sessions:IdleTimeout</c>, <c>Stt:Sessions:MaxDuration</c>) are still read (<see cref="Hosting.RenamedSettings"/>).
/// </summary>
public sealed record StreamLifetimeOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Streams";

    /// <summary>A stream with no audio for this long gets the finals of what it sent and is closed. Default 30 s.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest stream; at this age its finals are flushed and it is closed. Default 4 h.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(4);
}
