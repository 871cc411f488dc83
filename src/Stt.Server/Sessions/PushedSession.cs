using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Stt.Audio;
using Stt.Core.Streaming;

namespace Stt.Server.Sessions;

/// <summary>
/// A live stream fed by numbered pushes instead of a request stream: pushes are put in sequence order (early ones wait,
/// bounded; repeats are dropped, never decoded twice) and handed to the <see cref="LiveStreamRunner"/>, which takes them
/// one by one and ends the stream when the last push says so or its lifetime does (idle, too long, the server
/// draining); a push returns once its audio is taken. Its results stream can detach and re-attach;
/// <see cref="SessionRegistry"/> closes it when that stream stays away. It belongs to the caller that opened it: nobody
/// else can push to it or resume it.
/// </summary>
public sealed class PushedSession : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1); // one push at a time puts pushes in order
    private readonly SortedDictionary<ulong, (AudioPayload? Audio, bool End)> _waiting = [];
    private readonly Channel<Push> _inOrder = Channel.CreateUnbounded<Push>(new() { SingleReader = true });
    private readonly Lock _handoff = new(); // orders handing a push over against the runner's end
    private readonly SessionOptions _options;
    private readonly IReadOnlyList<IDisposable?> _holds; // the host's admission and per-caller places, the model: held while the session lives
    private readonly string _owner; // who opened it, in the host's terms (an API key id, or an address): compared, never interpreted
    private readonly CancellationTokenSource _abort;
    private long _waitingBytes;
    private ulong _next;
    private int _attached;
    private bool _taking = true;

    internal PushedSession(
        string id,
        string owner,
        string clientRequestId,
        Func<CancellationToken, StreamTranscriber> create,
        SessionOptions options,
        LiveStreamRunner runner,
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
        Lifetime = runner.Start();
        Ended = RunAsync(runner);
    }

    /// <summary>When it opened and when audio was last pushed: the idle timeout and maximum duration run from these.</summary>
    public StreamLifetime Lifetime { get; }

    /// <summary>
    /// Completes when the session takes no more audio: with null when its last push arrived, or why its lifetime ended it;
    /// faults with the error of a push it could not take. Its finals and summary follow on the results stream.
    /// </summary>
    public Task<StreamEndReason?> Ended { get; }

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

    /// <summary>Puts a push in sequence order; returns once its audio (and that of the pushes it let go) is taken.</summary>
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

            if (sequence > _next)
            {
                Lifetime.RecordActivity(); // an early push is activity, although its audio waits for the missing one
                Wait(sequence, audio, end);
                return new PushResult(_next, Duplicate: false);
            }

            List<Task> taken = [HandOver(audio, end)];
            while (_waiting.Remove(_next, out var waiting))
            {
                _waitingBytes -= Bytes(waiting.Audio);
                taken.Add(HandOver(waiting.Audio, waiting.End));
            }

            await Task.WhenAll(taken).WaitAsync(cancellationToken).ConfigureAwait(false);
            return new PushResult(_next, Duplicate: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Aborts the session and every pass it started.</summary>
    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        await ((Task)Ended).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // its runner, cancelled
        await Transcriber.DisposeAsync().ConfigureAwait(false);
        _abort.Dispose();
        Lifetime.Dispose();
        foreach (var hold in _holds)
        {
            hold?.Dispose();
        }
    }

    /// <summary>The runner takes the pushes in order until the last one, or until the lifetime ends the session.</summary>
    private async Task<StreamEndReason?> RunAsync(LiveStreamRunner runner)
    {
        try
        {
            return await runner.RunAsync(Transcriber, Lifetime, InOrder(), TakeAsync, _abort.Token).ConfigureAwait(false);
        }
        finally
        {
            StopTaking();
        }
    }

    private async IAsyncEnumerable<Push> InOrder([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var push in _inOrder.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return push;
            if (push.End)
            {
                yield break;
            }
        }
    }

    private async ValueTask TakeAsync(Push push, CancellationToken cancellationToken)
    {
        try
        {
            if (push.Audio is { IsEmpty: false } audio)
            {
                await Transcriber.AcceptAudioAsync(audio, cancellationToken).ConfigureAwait(false);
            }

            push.Taken.TrySetResult();
        }
        catch (Exception ex)
        {
            if (ex is InvalidAudioException or AudioAllowanceExceededException)
            {
                Transcriber.Fail(ex);
            }

            push.Taken.TrySetException(ex);
            throw;
        }
    }

    /// <summary>Hands the next push in order to the runner; the caller holds the gate.</summary>
    private Task HandOver(AudioPayload? audio, bool end)
    {
        _next++;
        lock (_handoff)
        {
            if (!_taking)
            {
                return Task.CompletedTask; // pushes after the last one carry nothing that can still be heard
            }

            var push = new Push(audio, end, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _inOrder.Writer.TryWrite(push);
            return push.Taken.Task;
        }
    }

    /// <summary>The runner has stopped: pushes handed over but not taken, and any after, carry nothing that can still be heard.</summary>
    private void StopTaking()
    {
        lock (_handoff)
        {
            _taking = false;
            _inOrder.Writer.TryComplete();
        }

        while (_inOrder.Reader.TryRead(out var left))
        {
            left.Taken.TrySetResult();
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

    /// <summary>A push in sequence order, and the moment its audio was taken.</summary>
    private sealed record Push(AudioPayload? Audio, bool End, TaskCompletionSource Taken);
}
