namespace Stt.Core.Inference;

/// <summary>Order in which queued passes run: every queued final before any interim.</summary>
public enum PassPriority
{
    /// <summary>A final transcription someone is waiting for (live utterance end, file upload).</summary>
    Final = 0,

    /// <summary>An interim pass: worth running only while it is the newest one of its stream.</summary>
    Interim = 1,
}
