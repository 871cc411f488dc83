namespace Stt.Core.Streaming;

/// <summary>A file's finals: its utterances join windows (<see cref="FileWindows"/>), one final pass per window.</summary>
internal sealed class FileFinals(FileWindows windows) : IStreamFinals
{
    public long? KeepFrom => windows.OpenStart;

    public (int Used, int Dropped) Speculations => (0, 0);

    public void Heard(Utterance? open, long lastSpeechEnd)
    {
    }

    public void Paused(Utterance utterance, EndpointEvent pause, long lastSpeechEnd, AudioWindow audio)
    {
        // a file's audio is all there: nothing to start early
    }

    public FinalSpan? Ended(Utterance utterance, EndpointEvent end) => Span(windows.Join(utterance.Id, end.Start, end.End));

    public FinalSpan? Silent(long position) => Span(windows.CloseIfSilentUntil(position));

    public FinalSpan? Flushed() => Span(windows.Close());

    public void Queued(Utterance utterance, PendingFinal final)
    {
    }

    private static FinalSpan? Span(FileWindow? window) => window is null ? null : new FinalSpan(window.UtteranceId, window.Start, window.End);
}
