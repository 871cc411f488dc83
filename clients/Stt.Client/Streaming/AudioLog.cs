namespace Stt.Client.Streaming;

/// <summary>
/// The packets of one live stream, numbered from 0, kept from the first one no server has confirmed yet, so a new
/// stream can be sent them again. A producer appends (at the pace of the audio); each stream's sender reads from
/// the number it starts at, waiting for packets that have not come yet. At most <c>capacity</c> packets are kept: past
/// that the oldest go, and a stream that would need them starts later (the gap is reported).
/// </summary>
internal sealed class AudioLog(int capacity)
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _packets = [];
    private long _first;
    private bool _complete;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Packets appended so far: the number the next one will get.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _first + _packets.Count;
            }
        }
    }

    /// <summary>The number of the oldest packet kept.</summary>
    public long FirstKept
    {
        get
        {
            lock (_gate)
            {
                return _first;
            }
        }
    }

    /// <summary>True once the producer has appended its last packet.</summary>
    public bool IsComplete
    {
        get
        {
            lock (_gate)
            {
                return _complete;
            }
        }
    }

    public void Append(IReadOnlyCollection<byte[]> packets)
    {
        lock (_gate)
        {
            _packets.AddRange(packets);
            var over = _packets.Count - capacity;
            if (over > 0)
            {
                _packets.RemoveRange(0, over);
                _first += over;
            }

            Signal();
        }
    }

    public void Complete()
    {
        lock (_gate)
        {
            _complete = true;
            Signal();
        }
    }

    /// <summary>Drops the packets before <paramref name="number"/>: a server has transcribed them for good.</summary>
    public void Forget(long number)
    {
        lock (_gate)
        {
            var drop = (int)Math.Clamp(number - _first, 0, _packets.Count);
            _packets.RemoveRange(0, drop);
            _first += drop;
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> packets from <paramref name="next"/> on (or from the oldest kept, if those are gone),
    /// waiting until one is there; none once the log is complete and read to its end.
    /// </summary>
    public async Task<(long First, IReadOnlyList<byte[]> Packets)> ReadAsync(long next, int max, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var start = Math.Max(next, _first);
                var index = (int)(start - _first);
                if (index < _packets.Count)
                {
                    return (start, _packets.GetRange(index, Math.Min(max, _packets.Count - index)));
                }

                if (_complete)
                {
                    return (start, []);
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
