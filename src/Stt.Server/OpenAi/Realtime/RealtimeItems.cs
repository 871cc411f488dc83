namespace Stt.Server.OpenAi.Realtime;

/// <summary>A connection's conversation items (one per turn), in the order they are committed.</summary>
internal sealed class RealtimeItems
{
    private readonly Lock _gate = new();
    private string? _lastCommitted;

    /// <summary>A new item id.</summary>
    public static string NewId() => RealtimeIds.New("item");

    /// <summary>Records <paramref name="item"/> as committed; returns the item committed before it, or null.</summary>
    public string? Commit(string item)
    {
        lock (_gate)
        {
            var previous = _lastCommitted;
            _lastCommitted = item;
            return previous;
        }
    }
}
