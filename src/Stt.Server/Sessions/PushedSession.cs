using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Stt.Audio;
using Stt.Core.Streaming;

namespace Stt.Server.Sessions;

/// <summary>
/// A <see cref="StreamTranscriber"/> fed by numbered pushes instead of a request stream: pushes are applied
/// strictly in sequence order (early ones wait, bounded; repeats are dropped, never decoded twice), and its
/// results stream can detach and re-attach. Its <see cref="Lifetime"/> records the pushes and says when it ends (idle,
/// too long); <see cref="SessionRegistry"/> ends it then, and closes it when its results stream stays away.
/// It belongs to the caller that opened it: nobody else can push to it or resume it.
/// </summary>
public sealed class PushedSession : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedDictionary<ulong, (AudioPayload? Audio, bool End)> _waiting = [];
    private readonly SessionOptions _options;
    private readonly IReadOnlyList<IDisposable?> _holds; // the host's admission and per-caller places, the model: held while the session lives
    private readonly string _owner; // who opened it, in the host's terms (an API key id, or an address): compared, never interpreted
    private readonly CancellationTokenSource _abort;
    private long _waitingBytes;
    private ulong _next;
    private Task? _completion;
    private int _attached;
    private bool _ending;

    internal PushedSession(
        string id,
        string owner,
        string clientRequestId,
        Func<CancellationToken, StreamTranscriber> create,
        SessionOptions options,
        StreamLifetime lifetime,
        IReadOnlyList<IDisposable?> holds,
        TimeProvider clock)
    {
        Id = id;
        _owner = owner;
        ClientRequestId = clientRequestId;
        Clock = clock;
        _options = options;
        _holds = holds;
        _abort = new CancellationTokenSource();
        Transcriber = create(_abort.Token);
        Lifetime = lifetime;
    }

    /// <summary>When it opened and when audio was last pushed: the idle timeout and maximum duration run from these.</summary>
    public StreamLifetime Lifetime { get; }

    /// <summary>Opaque, unguessable id.</summary>
    public string Id { get; }

    /// <summary>The client request id from the config, echoed on every response.</summary>
    public string ClientRequestId { get; }

    /// <summary>The pipeline.</summary>
    public StreamTranscriber Transcriber { get; }

    /// <summary>The next sequence number expected.</summary>
    public ulong NextSequence => Volatile.Read(ref _next);

    /// <summary>Since when no results stream is attached; null while one is.</summary>
    public DateTimeOffset? DetachedSince { get; private set; }

    /// <summary>True once the last push arrived or the idle timeout ended it: finals and summary are on their way.</summary>
    public bool IsEnding => Volatile.Read(ref _ending);

    private TimeProvider Clock { get; }

    /// <summary>True when <paramref name="caller"/> opened this session; in constant time for callers of the owner's length.</summary>
    public bool IsOwnedBy(string caller) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(_owner.AsSpan()), MemoryMarshal.AsBytes(caller.AsSpan()));

    /// <summary>Claims the results stream; false when another stream holds it.</summary>
    public bool TryAttach()
    {
        if (Interlocked.CompareExchange(ref _attached, 1, 0) != 0)
        {
            return false;
        }

        DetachedSince = null;
        return true;
    }

    /// <summary>Releases the results stream (it dropped); the grace period starts.</summary>
    public void Detach()
    {
        DetachedSince = Clock.GetUtcNow();
        Volatile.Write(ref _attached, 0);
    }

    /// <summary>Applies a push in sequence order.</summary>
    /// <exception cref="InvalidAudioException">The audio cannot be decoded; the session fails with the same error.</exception>
    /// <exception cref="AudioAllowanceExceededException">The session sent audio faster than its pacing allows; it fails with the same error.</exception>
    /// <exception cref="PushWindowExceededException">The push came too far ahead of a missing one (count or bytes).</exception>
    /// <exception cref="SessionNotFoundException">The session has ended.</exception>
    public async Task<PushResult> PushAsync(ulong sequence, AudioPayload? audio, bool end, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_abort.IsCancellationRequested)
            {
                throw new SessionNotFoundException();
            }

            if (sequence < _next || _waiting.ContainsKey(sequence))
            {
                return new PushResult(_next, Duplicate: true); // a repeat is not activity: it cannot keep a session alive
            }

            Lifetime.RecordActivity();
            if (sequence > _next)
            {
                Wait(sequence, audio, end);
                return new PushResult(_next, Duplicate: false);
            }

            await ApplyAsync(audio, end, cancellationToken).ConfigureAwait(false);
            while (_waiting.Remove(_next, out var waiting))
            {
                _waitingBytes -= Bytes(waiting.Audio);
                await ApplyAsync(waiting.Audio, waiting.End, cancellationToken).ConfigureAwait(false);
            }

            return new PushResult(_next, Duplicate: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Ends the session as if the last push had arrived: pending audio is transcribed, then the summary. Waits for a
    /// push in flight to finish first (the session takes one caller at a time: a push still scheduling its finals
    /// must not race the completion that closes them).
    /// </summary>
    public async Task EndAsync()
    {
        Volatile.Write(ref _ending, true);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            End();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the completion; the caller holds the gate.</summary>
    private void End()
    {
        Volatile.Write(ref _ending, true);
        _completion ??= Transcriber.CompleteAsync(_abort.Token);
    }

    /// <summary>Aborts the session and every pass it started.</summary>
    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        await Transcriber.DisposeAsync().ConfigureAwait(false);
        if (_completion is not null)
        {
            await _completion.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        _abort.Dispose();
        Lifetime.Dispose();
        foreach (var hold in _holds)
        {
            hold?.Dispose();
        }
    }

    /// <summary>Keeps a push that came before an earlier one, within the count and bytes allowed; the caller holds the gate.</summary>
    private void Wait(ulong sequence, AudioPayload? audio, bool end)
    {
        var bytes = Bytes(audio);
        if (_waiting.Count >= _options.MaxOutOfOrderPushes)
        {
            throw new PushWindowExceededException(
                $"push {sequence} is too far ahead: push {_next} has not arrived and {_waiting.Count} later pushes are waiting for it "
                + $"(at most {_options.MaxOutOfOrderPushes}, Stt:Sessions:MaxOutOfOrderPushes)");
        }

        if (_waitingBytes + bytes > _options.MaxOutOfOrderBytes)
        {
            throw new PushWindowExceededException(
                $"push {sequence} is too far ahead: push {_next} has not arrived and the {_waiting.Count} later pushes waiting for it hold {_waitingBytes} bytes; "
                + $"with this one's {bytes} that passes {_options.MaxOutOfOrderBytes} bytes (Stt:Sessions:MaxOutOfOrderBytes)");
        }

        _waiting[sequence] = (audio, end);
        _waitingBytes += bytes;
    }

    private static long Bytes(AudioPayload? audio) => audio?.OpusPackets?.Sum(p => (long)p.Length) ?? audio?.Pcm.Length ?? 0;

    private async Task ApplyAsync(AudioPayload? audio, bool end, CancellationToken cancellationToken)
    {
        _next++;
        if (_completion is not null)
        {
            return; // pushes after the last one carry nothing that can still be heard
        }

        if (audio is { IsEmpty: false })
        {
            try
            {
                await Transcriber.AcceptAudioAsync(audio, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidAudioException or AudioAllowanceExceededException)
            {
                Transcriber.Fail(ex);
                throw;
            }
        }

        if (end)
        {
            End();
        }
    }
}
