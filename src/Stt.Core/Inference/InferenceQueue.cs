namespace Stt.Core.Inference;

/// <summary>
/// The scheduler's bounded priority queue: live streams' finals, then files' passes (finals too), each in arrival order,
/// then interims; an interim replaces a queued interim with the same key; a cancelled pass leaves the queue at once. A
/// speaker waits on a live final; a file's caller waits on the whole file, so uploads cannot hold live finals back. A channel cannot reorder or
/// replace queued items, hence this small lock-based queue.
/// </summary>
internal sealed class InferenceQueue(int capacity)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<QueuedPass> _finals = new();
    private readonly LinkedList<QueuedPass> _interims = new();
    private readonly Dictionary<object, LinkedListNode<QueuedPass>> _interimsByKey = [];
    private readonly SemaphoreSlim _available = new(0);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _finals.Count + _interims.Count;
            }
        }
    }

    /// <summary>Finals waiting.</summary>
    public int FinalCount
    {
        get
        {
            lock (_gate)
            {
                return _finals.Count;
            }
        }
    }

    /// <summary>Queues a pass; returns false when an interim was dropped because the queue is full.</summary>
    public bool Enqueue(QueuedPass pass)
    {
        QueuedPass? replaced = null;
        lock (_gate)
        {
            var key = pass.Request.ReplaceKey;
            if (pass.Request.Priority == PassPriority.Interim && key is not null && _interimsByKey.TryGetValue(key, out var existing))
            {
                replaced = existing.Value;
                existing.Value = pass;
            }
            else if (_finals.Count + _interims.Count >= capacity)
            {
                if (pass.Request.Priority == PassPriority.Final)
                {
                    throw new InferenceQueueFullException(capacity);
                }

                return false;
            }
            else if (pass.Request.Priority == PassPriority.Final)
            {
                var firstFilePass = pass.Request.Live ? FirstFilePass() : null;
                if (firstFilePass is null)
                {
                    _finals.AddLast(pass);
                }
                else
                {
                    _finals.AddBefore(firstFilePass, pass);
                }

                _available.Release();
            }
            else
            {
                var node = _interims.AddLast(pass);
                if (key is not null)
                {
                    _interimsByKey[key] = node;
                }

                _available.Release();
            }
        }

        replaced?.Succeed(null);
        return true;
    }

    /// <summary>Takes the next pass, waiting for one.</summary>
    public async Task<QueuedPass> DequeueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                var node = _finals.First ?? _interims.First;
                if (node is null)
                {
                    continue; // a cancelled pass was removed after it was counted
                }

                Remove(node);
                return node.Value;
            }
        }
    }

    /// <summary>Removes a pass that is still queued; returns false when a worker already took it.</summary>
    public bool TryRemove(QueuedPass pass)
    {
        lock (_gate)
        {
            var list = pass.Request.Priority == PassPriority.Final ? _finals : _interims;
            var node = list.Find(pass);
            if (node is null)
            {
                return false;
            }

            Remove(node);
            return true;
        }
    }

    /// <summary>Removes every queued pass (shutdown).</summary>
    public List<QueuedPass> Drain()
    {
        lock (_gate)
        {
            var all = _finals.Concat(_interims).ToList();
            _finals.Clear();
            _interims.Clear();
            _interimsByKey.Clear();
            return all;
        }
    }

    /// <summary>The first queued final of a file, before which a live final goes; the caller holds the lock.</summary>
    private LinkedListNode<QueuedPass>? FirstFilePass()
    {
        for (var node = _finals.First; node is not null; node = node.Next)
        {
            if (!node.Value.Request.Live)
            {
                return node;
            }
        }

        return null;
    }

    private void Remove(LinkedListNode<QueuedPass> node)
    {
        var pass = node.Value;
        node.List!.Remove(node);
        if (pass.Request.ReplaceKey is { } key && _interimsByKey.TryGetValue(key, out var indexed) && indexed == node)
        {
            _interimsByKey.Remove(key);
        }
    }
}
