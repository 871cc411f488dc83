namespace Stt.Core.Streaming;

/// <summary>A file-paced stream's allowance: any pace, but no more audio in all than a live stream could carry in its longest life.</summary>
internal sealed class TotalAudioAllowance(TimeSpan total) : IAudioAllowance
{
    private TimeSpan _taken;

    /// <inheritdoc />
    public void Take(TimeSpan audio)
    {
        if (_taken + audio > total)
        {
            throw new AudioAllowanceExceededException(
                $"the stream would carry more than {total.TotalSeconds:F0} s of audio, the most one stream may carry (Stt:Streams:MaxDuration); open a new stream for the rest");
        }

        _taken += audio;
    }
}
