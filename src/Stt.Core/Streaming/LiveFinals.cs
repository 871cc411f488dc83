namespace Stt.Core.Streaming;

/// <summary>
/// A live stream's finals: one per utterance, timed from its last speech; its final pass may start at a pause
/// (<see cref="Speculation"/>) and becomes the final when the utterance ends with exactly that audio.
/// </summary>
internal sealed class LiveFinals(Speculation speculation) : IStreamFinals
{
    public long? KeepFrom => null;

    public (int Used, int Dropped) Speculations => (speculation.Used, speculation.Dropped);

    public void Heard(Utterance? open, long lastSpeechEnd) => speculation.DropIfResumed(open, lastSpeechEnd);

    public void Paused(Utterance utterance, EndpointEvent pause, long lastSpeechEnd, AudioWindow audio) =>
        speculation.Start(utterance, pause, lastSpeechEnd, audio);

    public FinalSpan? Ended(Utterance utterance, EndpointEvent end) => new(utterance.Id, end.Start, end.End, utterance.LastSpeechAt);

    public FinalSpan? Silent(long position) => null;

    public FinalSpan? Flushed() => null;

    public void Queued(Utterance utterance, PendingFinal final) => speculation.Settle(utterance, final);
}
