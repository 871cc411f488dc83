namespace Stt.Server.Hosting;

/// <summary>How the server stops. Bound from <c>Stt:Shutdown</c>.</summary>
public sealed record ShutdownOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Shutdown";

    /// <summary>
    /// On SIGTERM or Ctrl-C: how long live streams get to receive the finals of the audio they sent before they
    /// are cancelled. Default 15 s.
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
