namespace Stt.Core.Streaming;

/// <summary>How fast a stream's client sends its audio, and so which bound the server holds it to.</summary>
public enum StreamPacing
{
    /// <summary>
    /// As it is spoken (a microphone): the stream may run ahead of real time by at most
    /// <see cref="StreamAudioOptions.MaxAheadOfRealTime"/>.
    /// </summary>
    Live,

    /// <summary>
    /// A recording sent as fast as the server takes it: no pace, but at most <see cref="StreamLifetimeOptions.MaxDuration"/>
    /// of audio in all.
    /// </summary>
    File,
}
