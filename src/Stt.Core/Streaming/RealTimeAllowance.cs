namespace Stt.Core.Streaming;

/// <summary>
/// A live stream's allowance: a token bucket of audio time that refills at real time and holds at most the burst, so
/// over any stretch of the stream its client sends at most that stretch plus the burst (a buffer flushed after a
/// network stall fits; a recording sent at full speed does not).
/// </summary>
internal sealed class RealTimeAllowance : IAudioAllowance
{
    private readonly TimeSpan _burst;
    private readonly TimeProvider _clock;
    private long _refilledAt;
    private TimeSpan _available;

    public RealTimeAllowance(TimeSpan burst, TimeProvider clock)
    {
        _burst = burst;
        _clock = clock;
        _refilledAt = clock.GetTimestamp();
        _available = burst;
    }

    /// <inheritdoc />
    public void Take(TimeSpan audio)
    {
        var now = _clock.GetTimestamp();
        var refilled = _available + _clock.GetElapsedTime(_refilledAt, now);
        _available = refilled < _burst ? refilled : _burst;
        _refilledAt = now;
        if (audio > _available)
        {
            throw new AudioAllowanceExceededException(
                $"audio arrives faster than real time: a message of {audio.TotalSeconds:F1} s came when the stream was already "
                + $"{(_burst - _available).TotalSeconds:F1} s ahead of the clock; a live stream may run at most {_burst.TotalSeconds:F0} s ahead "
                + "(Stt:Streams:MaxAheadOfRealTime). Send audio as it is spoken, or set pacing AUDIO_PACING_FILE in the config to send a recording as fast as the server takes it");
        }

        _available -= audio;
    }
}
