namespace Stt.Core.Inference;

/// <summary>Order in which queued passes run: every queued final before any interim.</summary>
public enum JobPriority
{
    /// <summary>A final transcription someone is waiting for (live utterance end, file upload).</summary>
    Final = 0,

    /// <summary>An interim pass: worth running only while it is the newest one of its session.</summary>
    Interim = 1,
}
