namespace Stt.Core.Streaming;

/// <summary>
/// What a stream makes of its utterances, the one thing a live stream and a file do differently: a live stream's every
/// utterance is a final, started early at a pause (<see cref="LiveFinals"/>); a file's utterances share windows
/// (<see cref="FileFinals"/>). The <see cref="Segmenter"/> asks it at each step, under the transcriber's lock.
/// </summary>
internal interface IStreamFinals
{
    /// <summary>Oldest audio still needed for a final not yet queued (a file's open window), or null.</summary>
    long? KeepFrom { get; }

    /// <summary>Finals whose pass started early and was used, and those dropped: a live stream's speculation.</summary>
    (int Used, int Dropped) Speculations { get; }

    /// <summary>A frame was processed: <paramref name="lastSpeechEnd"/> is the endpointer's last speech now.</summary>
    void Heard(Utterance? open, long lastSpeechEnd);

    /// <summary>The open utterance paused at <paramref name="pause"/>; its audio is in <paramref name="audio"/>.</summary>
    void Paused(Utterance utterance, EndpointEvent pause, long lastSpeechEnd, AudioWindow audio);

    /// <summary>The utterance ended at <paramref name="end"/>: the final to queue now, if any.</summary>
    FinalSpan? Ended(Utterance utterance, EndpointEvent end);

    /// <summary>No utterance is open and the audio reached <paramref name="position"/>: a final to queue now, if any.</summary>
    FinalSpan? Silent(long position);

    /// <summary>The stream ended: the last final to queue, if any.</summary>
    FinalSpan? Flushed();

    /// <summary><paramref name="final"/>, the final of <paramref name="utterance"/>, was queued.</summary>
    void Queued(Utterance utterance, PendingFinal final);
}
