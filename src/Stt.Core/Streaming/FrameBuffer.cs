namespace Stt.Core.Streaming;

/// <summary>Cuts incoming samples, in chunks of any size, into the 20 ms frames the speech detector and endpointer take.</summary>
internal sealed class FrameBuffer
{
    private readonly float[] _frame = new float[StreamingOptions.FrameSamples];
    private int _fill;

    /// <summary>The samples of the frame not yet complete.</summary>
    public ReadOnlySpan<float> Partial => _frame.AsSpan(0, _fill);

    /// <summary>Adds samples; calls <paramref name="frameComplete"/> with each frame as it completes (the array is reused).</summary>
    public void Append(ReadOnlySpan<float> samples, Action<float[]> frameComplete)
    {
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, _frame.Length - _fill);
            samples[..take].CopyTo(_frame.AsSpan(_fill));
            _fill += take;
            samples = samples[take..];
            if (_fill == _frame.Length)
            {
                _fill = 0;
                frameComplete(_frame);
            }
        }
    }
}
