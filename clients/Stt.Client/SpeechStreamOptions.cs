namespace Stt.Client;

/// <summary>What a live stream asks for and how its audio is sent.</summary>
public sealed class SpeechStreamOptions
{
    /// <summary>ISO 639-1 code or "auto"; empty = the server's default.</summary>
    public string Language { get; set; } = string.Empty;

    /// <summary>The model to run, by a name the server lists (<c>GetServerInfo</c>'s <c>models</c>); empty = the server's default.</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>Translate to English.</summary>
    public bool Translate { get; set; }

    /// <summary>Ask for interim segments. Default true.</summary>
    public bool InterimResults { get; set; } = true;

    /// <summary>Ask for word timings.</summary>
    public bool WordTimestamps { get; set; }

    /// <summary>Domain words that prime the recognizer.</summary>
    public string Prompt { get; set; } = string.Empty;

    /// <summary>Echoed in every response.</summary>
    public string ClientRequestId { get; set; } = string.Empty;

    /// <summary>Real time (default) or as fast as possible.</summary>
    public Pacing Pacing { get; set; } = Pacing.RealTime;

    /// <summary>With <see cref="Pacing.RealTime"/>: speed-up, e.g. 2.0 sends two seconds of audio per second. Default 1.</summary>
    public double Rate { get; set; } = 1.0;

    /// <summary>
    /// What the stream tells the server about its pace: live at real time, file pacing otherwise (a live stream may run
    /// only a little ahead of real time).
    /// </summary>
    internal Stt.V1.AudioPacing WirePacing => Pacing == Pacing.RealTime && Rate <= 1.0 ? Stt.V1.AudioPacing.Live : Stt.V1.AudioPacing.File;

    /// <summary>Opus packets (20 ms each) per message. Default 5 (100 ms).</summary>
    public int PacketsPerMessage { get; set; } = 5;

    /// <summary>
    /// When the server ends the stream early (UNAVAILABLE as it shuts down, OUT_OF_RANGE at its maximum duration) or
    /// the connection to it dies (UNAVAILABLE, or INTERNAL / CANCELLED behind a proxy), open a new stream (on another
    /// replica, through the load balancer or the next address) and send again the audio after the last final received:
    /// the caller sees one stream, finals numbered on without a gap or a repeat, times from the start of its audio.
    /// Default true.
    /// </summary>
    public bool Resume { get; set; } = true;

    /// <summary>New streams in a row that may end without delivering a final before the failure is passed on. Default 3.</summary>
    public int MaxResumesWithoutProgress { get; set; } = 3;

    /// <summary>
    /// Audio kept since the last final, to be sent again after a failover (Opus, about 3 KB per second). A stream of
    /// silence longer than this loses its oldest audio to a failover. Default 5 minutes.
    /// </summary>
    public TimeSpan MaxReplay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Called as each server stream of the live stream ends, the last one included (for logs and metrics).</summary>
    public Action<StreamAttempt>? AttemptEnded { get; set; }
}
