using Microsoft.Extensions.Options;
using Stt.Core.Streaming;

namespace Stt.Server.Hosting;

/// <summary>
/// Graceful shutdown. When the host starts stopping (SIGTERM, Ctrl-C), <see cref="Draining"/> fires: health
/// turns NOT_SERVING, new calls are refused with UNAVAILABLE, and live streams stop taking audio and flush
/// the finals of what they have. Kestrel waits for them (its shutdown timeout is set to the drain timeout
/// plus a margin); a stream still busy when <see cref="Deadline"/> fires is cancelled.
/// </summary>
public sealed class ServerDrain : IDisposable
{
    private readonly CancellationTokenSource _draining = new();
    private readonly CancellationTokenSource _deadline = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _readGrace;
    private long _drainingSince;

    public ServerDrain(IHostApplicationLifetime lifetime, IOptions<ShutdownOptions> options, SessionRegistry browserSessions, TimeProvider time)
    {
        var timeout = options.Value.DrainTimeout;
        _time = time;
        _readGrace = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, timeout.Ticks / 4));
        lifetime.ApplicationStopping.Register(() =>
        {
            _drainingSince = time.GetTimestamp();
            _draining.Cancel();
            _deadline.CancelAfter(timeout);
            browserSessions.EndAll(); // their results streams end after the finals and the summary
        });
    }

    /// <summary>True once shutdown has begun.</summary>
    public bool IsDraining => _draining.IsCancellationRequested;

    /// <summary>Fires when shutdown begins.</summary>
    public CancellationToken Draining => _draining.Token;

    /// <summary>
    /// How much longer live streams take audio that was sent before the drain began (1 s from its start, at most
    /// a quarter of the drain timeout); zero before draining.
    /// </summary>
    public TimeSpan ReadGraceLeft
    {
        get
        {
            if (!IsDraining)
            {
                return TimeSpan.Zero;
            }

            var left = _readGrace - _time.GetElapsedTime(_drainingSince);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Fires when the drain timeout has passed.</summary>
    public CancellationToken Deadline => _deadline.Token;

    /// <inheritdoc />
    public void Dispose()
    {
        _draining.Dispose();
        _deadline.Dispose();
    }
}
