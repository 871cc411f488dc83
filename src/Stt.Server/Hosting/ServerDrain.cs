using Microsoft.Extensions.Options;
using Stt.Core.Admission;
using Stt.Core.Streaming;

namespace Stt.Server.Hosting;

/// <summary>
/// Graceful shutdown. When the host begins to stop (SIGTERM, Ctrl-C), and before Kestrel stops listening,
/// <see cref="Draining"/> fires: health turns NOT_SERVING, new calls are refused with UNAVAILABLE, and live
/// streams (browser sessions too) take the audio already on its way (for up to a second), flush its finals
/// and end. The host waits for the last live stream, at most the drain timeout; then <see cref="Deadline"/>
/// cancels whatever is left, and Kestrel stops.
/// </summary>
public sealed partial class ServerDrain : IHostedLifecycleService, IStreamDrain, IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly CancellationTokenSource _draining = new();
    private readonly CancellationTokenSource _deadline = new();
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _readGrace;
    private readonly AdmissionController _streams;
    private readonly TimeProvider _time;
    private readonly ILogger<ServerDrain> _logger;
    private long _drainingSince;

    public ServerDrain(IOptions<ShutdownOptions> options, AdmissionController streams, TimeProvider time, ILogger<ServerDrain> logger)
    {
        _timeout = options.Value.DrainTimeout;
        _readGrace = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, _timeout.Ticks / 4));
        _streams = streams;
        _time = time;
        _logger = logger;
    }

    /// <summary>True once shutdown has begun.</summary>
    public bool IsDraining => _draining.IsCancellationRequested;

    /// <summary>Fires when shutdown begins.</summary>
    public CancellationToken Draining => _draining.Token;

    /// <summary>Fires when the drain timeout has passed.</summary>
    public CancellationToken Deadline => _deadline.Token;

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

    /// <summary>Runs before any hosted service (Kestrel included) stops: drains the live streams.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _drainingSince = _time.GetTimestamp();
        await _draining.CancelAsync().ConfigureAwait(false);
        LogDraining(_streams.ActiveStreams, _timeout.TotalSeconds);
        var started = _time.GetTimestamp();
        while (_streams.ActiveStreams > 0 && _time.GetElapsedTime(started) < _timeout && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(Poll, _time, CancellationToken.None).ConfigureAwait(false);
        }

        var left = _streams.ActiveStreams;
        await _deadline.CancelAsync().ConfigureAwait(false);
        LogDrained(_time.GetElapsedTime(started).TotalMilliseconds, left);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose()
    {
        _draining.Dispose();
        _deadline.Dispose();
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Shutting down: draining {Streams} live stream(s), at most {Seconds:F0} s")]
    private partial void LogDraining(int streams, double seconds);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Drained in {Milliseconds:F0} ms; {Left} stream(s) cancelled")]
    private partial void LogDrained(double milliseconds, int left);
}
