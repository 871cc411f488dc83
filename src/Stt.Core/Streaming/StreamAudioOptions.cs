using Stt.Audio;

namespace Stt.Core.Streaming;

/// <summary>
/// Limits on the audio of live streams (gRPC streams, browser sessions, Realtime sessions alike): what one message
/// may decode to and how long concealment may run. Bound from <c>Stt:Streams</c>, beside <see cref="StreamLifetimeOptions"/>.
/// How fast audio may arrive is bounded by <see cref="MaxAheadOfRealTime"/> for live-paced streams (<see cref="IAudioAllowance"/>).
/// </summary>
public sealed record StreamAudioOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Streams";

    /// <summary>
    /// Most audio one message of a live stream may decode to, seconds. Default 60: clients send 20 ms to a few seconds
    /// per message, while a 32 MiB message of tiny or empty Opus packets would claim hours.
    /// </summary>
    public int MaxMessageSeconds { get; init; } = 60;

    /// <summary>
    /// Longest run of consecutive lost, empty or undecodable Opus packets a live stream's concealment may make up, as
    /// audio time. Default 1 s, as <c>Stt:Api:MaxConcealedRun</c> for files: concealment stops helping after about
    /// 100 ms, and real bursts of loss last a few hundred ms.
    /// </summary>
    public TimeSpan MaxConcealedRun { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far ahead of real time a live stream's audio may run (a buffer flushed after a network stall, a browser
    /// session resumed); more is refused with RESOURCE_EXHAUSTED before it is decoded, unless the stream asked for file
    /// pacing. Default 30 s (twice the browser sessions' 15-s resume grace).
    /// </summary>
    public TimeSpan MaxAheadOfRealTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The budget of each live stream's decoder, its limits naming these settings.</summary>
    public AudioBudget Budget => new(
        new AudioLimit(TimeSpan.FromSeconds(MaxMessageSeconds), $"{Section}:{nameof(MaxMessageSeconds)}"),
        new AudioLimit(MaxConcealedRun, $"{Section}:{nameof(MaxConcealedRun)}"));
}
