using Stt.V1;

namespace Stt.Client.Streaming;

/// <summary>What one server stream of a live stream has done so far.</summary>
internal sealed class AttemptProgress(int number, long from, long skipped)
{
    public int Number { get; } = number;

    /// <summary>The packet the stream started at.</summary>
    public long From { get; } = from;

    /// <summary>Packets the stream should have started with but that were no longer kept.</summary>
    public long Skipped { get; } = skipped;

    /// <summary>The packet after the last one sent.</summary>
    public long Next { get; set; } = from;

    public uint ServerFinals { get; set; }

    public int Finals { get; set; }

    public int DuplicatesDropped { get; set; }

    public SessionSummary? Summary { get; set; }
}
