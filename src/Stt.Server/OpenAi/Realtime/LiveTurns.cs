using Stt.Audio;
using Stt.Core.Streaming;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// Server VAD: the audio streams into one live <see cref="StreamTranscriber"/>, exactly as a StreamingTranscribe call's
/// does, and its events become Realtime events. Speech started: <c>input_audio_buffer.speech_started</c> and a new item;
/// interims: <c>...input_audio_transcription.delta</c> with the words they settled; end of utterance:
/// <c>speech_stopped</c> then <c>committed</c>; the utterance's finals: <c>...input_audio_transcription.completed</c>.
/// Times are from the start of the connection's audio.
/// </summary>
internal sealed class LiveTurns : IRealtimeTurns
{
    private readonly StreamTranscriber _transcriber;
    private readonly TurnEvents _events;
    private readonly TimeSpan _offset;
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, Turn> _turns = [];
    private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pump;
    private uint? _open;
    private int _finals;

    /// <param name="transcriber">A live stream over LINEAR16 at the connection's rate, with interims.</param>
    /// <param name="events">Where the turns' events go.</param>
    /// <param name="offset">Audio the connection received before this transcriber's first sample.</param>
    public LiveTurns(StreamTranscriber transcriber, TurnEvents events, TimeSpan offset)
    {
        _transcriber = transcriber;
        _events = events;
        _offset = offset;
        _pump = Task.Run(PumpAsync);
    }

    public Task<Exception> Failed => _failed.Task;

    public (double AudioSeconds, int Finals) Outcome => (_transcriber.ReceivedAudio.TotalSeconds, Volatile.Read(ref _finals));

    public ValueTask AppendAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken) =>
        _transcriber.AcceptAudioAsync(AudioPayload.FromPcm(pcm), cancellationToken);

    /// <summary>Audio already decoded to 16 kHz (what a buffer without turn detection held when VAD was turned on).</summary>
    public ValueTask AppendSamplesAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken) =>
        _transcriber.AcceptSamplesAsync(samples, cancellationToken);

    public async ValueTask<OpenAiError?> CommitAsync(CancellationToken cancellationToken) =>
        await _transcriber.EndUtteranceAsync(cancellationToken)
            ? null
            : OpenAiError.BadRequest("there is no turn to commit: server VAD has not heard speech start since the last turn", null, "input_audio_buffer_commit_empty");

    public void Clear()
    {
        lock (_gate)
        {
            if (_open is { } open && _turns.TryGetValue(open, out var turn))
            {
                turn.Discarded = true; // its audio is already in the pipeline; its events are not sent
                _open = null;
            }
        }
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await _transcriber.CompleteAsync(cancellationToken);
        await _pump.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _transcriber.DisposeAsync();
        await _pump;
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var e in _transcriber.Events.ReadAllAsync())
            {
                lock (_gate)
                {
                    Handle(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the connection went away: its passes are aborted
        }
        catch (Exception ex)
        {
            _failed.TrySetResult(ex);
        }
    }

    private void Handle(StreamEvent e)
    {
        switch (e)
        {
            case SpeechStartedEvent started:
                var opened = new Turn(RealtimeItems.NewId(), started.Offset);
                _turns[started.UtteranceId] = opened;
                _open = started.UtteranceId;
                _events.SpeechStarted(opened.Item, Milliseconds(started.Offset));
                break;
            case SegmentEvent { IsFinal: false } interim when Active(interim.UtteranceId) is { } turn:
                if (turn.Deltas.Next(interim.Text) is { } delta)
                {
                    _events.Delta(turn.Item, delta);
                }

                break;
            case EndOfUtteranceEvent ended when Active(ended.UtteranceId) is { } turn:
                _open = _open == ended.UtteranceId ? null : _open;
                turn.End = ended.Offset;
                _events.SpeechStopped(turn.Item, Milliseconds(ended.Offset));
                _events.Committed(turn.Item);
                break;
            case SegmentEvent { IsFinal: true } final when Active(final.UtteranceId) is { } turn:
                turn.Finals.Add(final.Text);
                _finals++;
                break;
            case UtteranceTranscribedEvent done when _turns.Remove(done.UtteranceId, out var turn) && !turn.Discarded:
                _events.Completed(turn.Item, string.Join(' ', turn.Finals), (turn.End ?? turn.Start) - turn.Start);
                break;
        }
    }

    private Turn? Active(uint utterance) => _turns.TryGetValue(utterance, out var turn) && !turn.Discarded ? turn : null;

    private long Milliseconds(TimeSpan offset) => (long)(_offset + offset).TotalMilliseconds;

    /// <summary>One utterance: its item, what was said of it so far, and whether the client cleared it.</summary>
    private sealed class Turn(string item, TimeSpan start)
    {
        public string Item { get; } = item;

        public TimeSpan Start { get; } = start;

        public TimeSpan? End { get; set; }

        public InterimDeltas Deltas { get; } = new();

        public List<string> Finals { get; } = [];

        public bool Discarded { get; set; }
    }
}
