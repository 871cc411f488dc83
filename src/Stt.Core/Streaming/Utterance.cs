namespace Stt.Core.Streaming;

/// <summary>The open utterance of a stream: its interim state and any speculative final. Guarded by the transcriber's lock.</summary>
internal sealed class Utterance(uint id, long start, long speechStart, long openedAt)
{
    private CancellationTokenSource? _interims;
    private bool _interimInFlight;

    public uint Id { get; } = id;

    /// <summary>Start of its audio (pre-roll included), in samples.</summary>
    public long Start { get; } = start;

    /// <summary>Where speech was detected, in samples.</summary>
    public long SpeechStart { get; } = speechStart;

    /// <summary>Audio position of its last interim pass, if any.</summary>
    public long? LastInterimAt { get; set; }

    public int InterimSequence { get; set; }

    public int LastEmittedSequence { get; set; }

    /// <summary>True while an interim pass runs (written by the pass's continuation, so volatile).</summary>
    public bool InterimInFlight
    {
        get => Volatile.Read(ref _interimInFlight);
        set => Volatile.Write(ref _interimInFlight, value);
    }

    public bool IsFinished { get; private set; }

    public LocalAgreement Agreement { get; } = new();

    public SpeculativeFinal? Speculation { get; set; }

    /// <summary>When its last speech frame arrived (timestamp of the stream's <see cref="TimeProvider"/>).</summary>
    public long LastSpeechAt { get; set; } = openedAt;

    /// <summary>Aborts the speculative final (speech resumed, or the utterance ended elsewhere).</summary>
    public void DropSpeculation()
    {
        if (Speculation is { } speculation)
        {
            Speculation = null;
            try
            {
                speculation.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the pass already finished (its source is disposed with it): nothing to abort
            }
        }
    }

    /// <summary>A token that is cancelled when the utterance ends: its interims are no longer worth running.</summary>
    public CancellationToken InterimCancellation(CancellationToken stream)
    {
        _interims ??= CancellationTokenSource.CreateLinkedTokenSource(stream);
        return _interims.Token;
    }

    public void Finish()
    {
        IsFinished = true;
        _interims?.Cancel();
        _interims?.Dispose();
    }
}
