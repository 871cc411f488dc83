namespace Stt.Core.Streaming;

/// <summary>
/// The recent audio of a stream, addressed by absolute sample position, so an utterance's window can be cut
/// out after its end is known. Older audio is dropped once no utterance can need it.
/// </summary>
internal sealed class AudioWindow
{
    private float[] _buffer = new float[16000 * 4];
    private long _start; // absolute position of _buffer[0]
    private int _count;

    public long End => _start + _count;

    public void Append(ReadOnlySpan<float> samples)
    {
        if (_count + samples.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + samples.Length));
        }

        samples.CopyTo(_buffer.AsSpan(_count));
        _count += samples.Length;
    }

    /// <summary>Copies [from, to) out, clipped to what is still held.</summary>
    public float[] Slice(long from, long to)
    {
        from = Math.Clamp(from, _start, End);
        to = Math.Clamp(to, from, End);
        return _buffer.AsSpan((int)(from - _start), (int)(to - from)).ToArray();
    }

    /// <summary>Forgets audio before <paramref name="position"/>.</summary>
    public void DropBefore(long position)
    {
        var drop = (int)Math.Clamp(position - _start, 0, _count);
        if (drop == 0)
        {
            return;
        }

        _buffer.AsSpan(drop, _count - drop).CopyTo(_buffer);
        _count -= drop;
        _start += drop;
    }
}
