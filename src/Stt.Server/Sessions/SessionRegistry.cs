using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Stt.Audio;
using Stt.Core.Streaming;

namespace Stt.Server.Sessions;

/// <summary>
/// The open browser sessions. Each session's runner ends its stream (the last push, or its lifetime: nobody pushed for
/// the idle timeout, the maximum duration, the server draining); the registry logs why, and every second disposes
/// sessions whose results stream has been gone past the grace period. A session id is a bearer secret: the log names a
/// session by a short hash of its id, never the id.
/// </summary>
public sealed partial class SessionRegistry(
    StreamTranscriberFactory transcribers,
    IOptions<SessionOptions> options,
    LiveStreamRunner runner,
    TimeProvider clock,
    ILogger<SessionRegistry> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, PushedSession> _open = new(StringComparer.Ordinal);

    /// <summary>Sessions open now.</summary>
    public int Count => _open.Count;

    /// <summary>
    /// Opens a session for audio of <paramref name="format"/>, owned by <paramref name="owner"/> (as the host
    /// identifies callers): only the same caller can name it later. It holds <paramref name="holds"/> (what the host
    /// counts a live stream against, its model) until it closes.
    /// </summary>
    public PushedSession Open(StreamRequest request, StreamAudioFormat format, string clientRequestId, string owner, IReadOnlyList<IDisposable?>? holds = null)
    {
        var id = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
        var session = new PushedSession(
            id, owner, clientRequestId, token => transcribers.Create(request, format, token), options.Value, runner, holds ?? [], clock);
        _open[id] = session;
        LogOpened(ShortHash(id));
        _ = LogEndAsync(session);
        return session;
    }

    /// <summary>The open session with this id, when <paramref name="caller"/> opened it.</summary>
    /// <exception cref="SessionNotFoundException">No such session, it has closed, or another caller opened it (one answer for all three).</exception>
    public PushedSession Get(string id, string caller) =>
        _open.TryGetValue(id, out var session) && session.IsOwnedBy(caller) ? session : throw new SessionNotFoundException();

    /// <summary>True while the session with this id is open.</summary>
    public bool IsOpen(string id) => _open.ContainsKey(id);

    /// <summary>True while the session with this id is open and has no results stream (it waits for a resume).</summary>
    public bool IsDetached(string id) => _open.TryGetValue(id, out var session) && session.DetachedSince is not null;

    /// <summary>Disposes and forgets a session.</summary>
    public async Task CloseAsync(PushedSession session)
    {
        if (_open.TryRemove(session.Id, out _))
        {
            await session.DisposeAsync().ConfigureAwait(false);
            LogClosed(ShortHash(session.Id));
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

    /// <summary>One pass over the open sessions, closing those detached past the grace; public so tests can drive time.</summary>
    public async Task SweepAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var session in _open.Values)
        {
            if (DetachedTooLong(session, now))
            {
                LogDetachedTooLong(ShortHash(session.Id));
                await CloseAsync(session).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Logs why a session's lifetime ended it (its finals are flushed, then it closes). Not logged: a session ended by its
    /// last push or shut down, or one whose results stream has been gone past the grace (the sweep closes it and says so).
    /// </summary>
    private async Task LogEndAsync(PushedSession session)
    {
        try
        {
            var end = await session.Ended.ConfigureAwait(false);
            if (DetachedTooLong(session, clock.GetUtcNow()))
            {
                return;
            }

            switch (end)
            {
                case StreamEndReason.Idle:
                    LogIdle(ShortHash(session.Id));
                    break;
                case StreamEndReason.MaxDuration:
                    LogTooLong(ShortHash(session.Id));
                    break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidAudioException or AudioAllowanceExceededException)
        {
            // closed, or a push it could not take: its pusher and its results stream were told
        }
    }

    private bool DetachedTooLong(PushedSession session, DateTimeOffset now) =>
        session.DetachedSince is { } detached && now - detached >= options.Value.DetachedGrace;

    /// <summary>How the log names a session: the first 8 hex digits of the SHA-256 of its id (enough to follow one session, useless to name it).</summary>
    private static string ShortHash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..8];

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Session {Session}: reached the maximum duration; flushing and closing")]
    private partial void LogTooLong(string session);

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Session {Session} opened")]
    private partial void LogOpened(string session);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Session {Session} closed")]
    private partial void LogClosed(string session);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Session {Session}: no audio for the idle timeout; flushing and closing")]
    private partial void LogIdle(string session);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Session {Session}: results stream gone past the grace period; closing")]
    private partial void LogDetachedTooLong(string session);
}
