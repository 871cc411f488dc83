using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>An utterance's (or a file window's) audio waiting for, or in, its final pass.</summary>
/// <param name="UtteranceId">The utterance its segments belong to (a file window: its first utterance).</param>
/// <param name="Start">Start of its audio, in samples from the start of the stream.</param>
/// <param name="End">End of its audio, in samples.</param>
/// <param name="Samples">The audio.</param>
internal sealed record PendingFinal(uint UtteranceId, long Start, long End, float[] Samples)
{
    /// <summary>The pass: set when it is scheduled (or taken over from a speculative final).</summary>
    public Task<Transcript?>? Transcript { get; set; }

    /// <summary>When the utterance's last speech frame arrived (timestamp of the stream's <see cref="TimeProvider"/>); 0 for files.</summary>
    public long LastSpeechAt { get; init; }
}
