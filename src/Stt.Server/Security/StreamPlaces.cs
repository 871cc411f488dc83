using System.Threading.RateLimiting;
using Stt.Core.Admission;
using Stt.Core.Diagnostics;

namespace Stt.Server.Security;

/// <summary>What a live stream holds while it lives: its caller's stream slot and its admission lease.</summary>
internal sealed class StreamPlaces(RateLimitLease slot, StreamLease lease, SpeechMetrics metrics) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            slot.Dispose();
            lease.Dispose();
            metrics.StreamClosed();
        }
    }
}
