namespace Stt.Core.Streaming;

/// <summary>How much more audio a stream may send: asked before a message is decoded, so a refused one costs nothing.</summary>
public interface IAudioAllowance
{
    /// <summary>Takes <paramref name="audio"/> from the allowance.</summary>
    /// <exception cref="AudioAllowanceExceededException">The stream may not send that much now; nothing was taken.</exception>
    void Take(TimeSpan audio);

    /// <summary>
    /// The allowance for a stream of <paramref name="pacing"/>: live, at most <see cref="StreamAudioOptions.MaxAheadOfRealTime"/>
    /// ahead of real time; a file, at most <see cref="StreamLifetimeOptions.MaxDuration"/> of audio in all.
    /// </summary>
    public static IAudioAllowance For(StreamPacing pacing, StreamAudioOptions audio, StreamLifetimeOptions lifetime, TimeProvider clock) => pacing switch
    {
        StreamPacing.File => new TotalAudioAllowance(lifetime.MaxDuration),
        _ => new RealTimeAllowance(audio.MaxAheadOfRealTime, clock),
    };
}
