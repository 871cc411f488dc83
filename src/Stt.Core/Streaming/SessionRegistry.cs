using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stt.Audio;

namespace Stt.Core.Streaming;

/// <summary>
/// The open browser sessions. Every second it ends sessions nobody pushes to (flushing their finals) and
/// disposes sessions whose results stream has been gone past the grace period or that have finished.
/// </summary>
public sealed partial class SessionRegistry(
    TranscriptionSessionFactory sessions,
    IOptions<SessionOptions> options,
    TimeProvider clock,
    ILogger<SessionRegistry> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, PushedSession> _open = new(StringComparer.Ordinal);

    /// <summary>Sessions open now.</summary>
    public int Count => _open.Count;

    /// <summary>Opens a session for audio of <paramref name="format"/>.</summary>
    public PushedSession Open(SessionSettings settings, StreamAudioFormat format, string clientRequestId)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        var session = new PushedSession(id, clientRequestId, token => sessions.Create(settings, format, token), options.Value.MaxOutOfOrderPushes, clock);
        _open[id] = session;
        LogOpened(id);
        return session;
    }

    /// <summary>The open session with this id.</summary>
    /// <exception cref="SessionNotFoundException">No such session, or it has closed.</exception>
    public PushedSession Get(string id) =>
        _open.TryGetValue(id, out var session) ? session : throw new SessionNotFoundException($"session '{id}' does not exist or has closed");

    /// <summary>Disposes and forgets a session.</summary>
    public async Task CloseAsync(PushedSession session)
    {
        if (_open.TryRemove(session.Id, out _))
        {
            await session.DisposeAsync().ConfigureAwait(false);
            LogClosed(session.Id);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await SweepAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutdown
        }
        finally
        {
            foreach (var session in _open.Values)
            {
                await CloseAsync(session).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Ends every open session (shutdown): each transcribes what it has, sends its summary and closes.</summary>
    public void EndAll()
    {
        foreach (var session in _open.Values)
        {
            session.End();
        }
    }

    /// <summary>One pass over the open sessions; public so tests can drive time.</summary>
    public async Task SweepAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var session in _open.Values)
        {
            if (session.DetachedSince is { } detached && now - detached >= options.Value.DetachedGrace)
            {
                LogDetachedTooLong(session.Id);
                await CloseAsync(session).ConfigureAwait(false);
            }
            else if (!session.IsEnding && now - session.LastActivity >= options.Value.IdleTimeout)
            {
                LogIdle(session.Id);
                session.End();
            }
            else if (!session.IsEnding && now - session.OpenedAt >= options.Value.MaxDuration)
            {
                LogTooLong(session.Id);
                session.End();
            }
        }
    }

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Session {Id}: reached the maximum duration; flushing and closing")]
    private partial void LogTooLong(string id);

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Session {Id} opened")]
    private partial void LogOpened(string id);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Session {Id} closed")]
    private partial void LogClosed(string id);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Session {Id}: no audio for the idle timeout; flushing and closing")]
    private partial void LogIdle(string id);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Session {Id}: results stream gone past the grace period; closing")]
    private partial void LogDetachedTooLong(string id);
}
