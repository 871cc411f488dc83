namespace Stt.Client;

/// <summary>How fast audio from a file is sent on a live stream.</summary>
public enum Pacing
{
    /// <summary>As a microphone would produce it (times <see cref="SpeechStreamOptions.Rate"/>).</summary>
    RealTime,

    /// <summary>As fast as the server takes it (flow control applies).</summary>
    AsFastAsPossible,
}
