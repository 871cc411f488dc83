using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// Speculative finals of a live stream (a file's audio is all there already): when the open utterance pauses, its
/// final pass starts early, over the audio it will have if speech does not resume. If the utterance then ends with
/// exactly that audio, the pass is its final; if speech resumes or it ends elsewhere, the pass is aborted. Only when a
/// worker is free: a speculative pass must never delay another stream's final. Counts the passes used and dropped.
/// Called under the transcriber's lock.
/// </summary>
internal sealed class Speculation(StreamPasses passes)
{
    /// <summary>Speculative passes that became their final.</summary>
    public int Used { get; private set; }

    /// <summary>Speculative passes aborted: speech resumed, or the utterance ended elsewhere.</summary>
    public int Dropped { get; private set; }

    /// <summary>
    /// Starts the final pass of <paramref name="utterance"/>, paused at <paramref name="pause"/>, over its audio in
    /// <paramref name="audio"/>; <paramref name="lastSpeechEnd"/> is the endpointer's last speech, which moves if speech resumes.
    /// </summary>
    public void Start(Utterance utterance, EndpointEvent pause, long lastSpeechEnd, AudioWindow audio)
    {
        if (passes.WorkersSaturated)
        {
            return;
        }

        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(passes.Aborted);
        var pass = passes.Start(audio.Slice(pause.Start, pause.End), PassPriority.Final, cancellation.Token);
        utterance.Speculation = new SpeculativeFinal(pause.Start, pause.End, lastSpeechEnd, pass, cancellation);
        _ = pass.ContinueWith(_ => cancellation.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Aborts the speculative final of <paramref name="utterance"/> when speech resumed (the endpointer's last speech moved).</summary>
    public void DropIfResumed(Utterance? utterance, long lastSpeechEnd)
    {
        if (utterance?.Speculation is { } speculation && speculation.LastSpeechEnd != lastSpeechEnd)
        {
            Drop(utterance); // the utterance will be longer than the speculative final
        }
    }

    /// <summary>
    /// <paramref name="utterance"/> ended as <paramref name="final"/>: its speculative pass becomes the final's pass when
    /// it covered exactly that audio, and is aborted otherwise.
    /// </summary>
    public void Settle(Utterance utterance, PendingFinal final)
    {
        if (utterance.Speculation is not { } speculation)
        {
            return;
        }

        if (speculation.Start == final.Start && speculation.End == final.End)
        {
            final.Transcript = speculation.Pass;
            Used++;
        }
        else
        {
            Drop(utterance);
        }
    }

    private void Drop(Utterance utterance)
    {
        utterance.DropSpeculation();
        Dropped++;
    }
}
