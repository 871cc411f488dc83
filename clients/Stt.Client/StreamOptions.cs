namespace Stt.Client;

/// <summary>What a live stream asks for and how its audio is sent.</summary>
public sealed class StreamOptions
{
    /// <summary>ISO 639-1 code or "auto"; empty = the server's default.</summary>
    public string Language { get; set; } = string.Empty;

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

    /// <summary>Opus packets (20 ms each) per message. Default 5 (100 ms).</summary>
    public int PacketsPerMessage { get; set; } = 5;
}
