namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// How a transcription session's audio becomes turns: found by server VAD (<see cref="LiveTurns"/>) or committed by the
/// client (<see cref="CommittedTurns"/>). Called by the connection's one reader; events go to its <see cref="TurnEvents"/>.
/// </summary>
internal interface IRealtimeTurns : IAsyncDisposable
{
    /// <summary>16-bit mono PCM at the session's rate.</summary>
    ValueTask AppendAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken);

    /// <summary><c>input_audio_buffer.commit</c>: ends the turn now; an error when there is nothing to commit.</summary>
    ValueTask<OpenAiError?> CommitAsync(CancellationToken cancellationToken);

    /// <summary><c>input_audio_buffer.clear</c>: the audio not yet committed will make no turn.</summary>
    void Clear();

    /// <summary>Transcribes what is pending (server VAD: the open turn; committed turns: those committed) and delivers it.</summary>
    Task FinishAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the turns failed for good (the engine, the queue): the connection then ends.</summary>
    Task<Exception> Failed { get; }

    /// <summary>Seconds of audio received and finals delivered, for the call's log line.</summary>
    (double AudioSeconds, int Finals) Outcome { get; }
}
