using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;

namespace Stt.Core.Streaming;

/// <summary>
/// The one loop of every live stream, whatever its door (a StreamingTranscribe call, a browser session, a Realtime
/// session): takes the stream's inputs one at a time, in order, and gives each to the door's <c>take</c> (audio to the
/// transcriber, a Realtime event to its handler) until the client ends them, or the stream's
/// <see cref="StreamLifetime"/> does: no input for the idle timeout, the maximum duration reached, or the server draining
/// (after a grace in which inputs already on their way are still taken). <see cref="RunAsync"/> then completes the
/// transcriber: the finals of everything taken, and the summary, follow on its events. All on the host's
/// <see cref="TimeProvider"/>. An input the door refuses (its <c>take</c> throws) ends the loop with that error.
/// </summary>
public sealed class LiveStreamRunner(IStreamDrain drain, IOptions<StreamLifetimeOptions> lifetimes, TimeProvider clock, SpeechMetrics metrics)
{
    /// <summary>The idle timeout and maximum duration in force.</summary>
    public StreamLifetimeOptions Lifetimes => lifetimes.Value;

    /// <summary>A lifetime that starts now (a door that waits for a first message before it has a stream starts one early).</summary>
    public StreamLifetime Start() => new(lifetimes.Value, clock);

    /// <summary>
    /// Runs the stream until its inputs end (null) or its lifetime ends it (the reason), then completes
    /// <paramref name="transcriber"/>. <paramref name="inputs"/> is read with a token cancelled when the lifetime runs out.
    /// </summary>
    /// <param name="transcriber">The stream's transcriber.</param>
    /// <param name="lifetime">The stream's lifetime (disposed by the caller).</param>
    /// <param name="inputs">What the client sends, in order.</param>
    /// <param name="take">Applies one input; waits while the transcriber holds the sender back (not silence).</param>
    /// <param name="stop">Cancelled when the call is gone or the drain's deadline passed.</param>
    public async Task<StreamEndReason?> RunAsync<T>(
        StreamTranscriber transcriber, StreamLifetime lifetime, IAsyncEnumerable<T> inputs, Func<T, CancellationToken, ValueTask> take, CancellationToken stop)
    {
        var end = await ReadAsync(lifetime, inputs, async (input, token) =>
        {
            await take(input, token).ConfigureAwait(false);
            return true;
        }, stop).ConfigureAwait(false);
        await transcriber.CompleteAsync(stop).ConfigureAwait(false);
        return end;
    }

    /// <summary>
    /// Reads inputs until they end (null) or the lifetime ends the stream (the reason); a client silent for the idle
    /// timeout is counted as stalled, or, when <paramref name="notReading"/> says it has not read what it was sent, as not
    /// reading (<see cref="StreamEndReason.ClientNotReading"/>). A door whose end is not the transcriber's completion (a
    /// Realtime session's turns) reads with this.
    /// </summary>
    /// <param name="lifetime">The stream's lifetime (disposed by the caller).</param>
    /// <param name="inputs">What the client sends, in order; read with a token cancelled when the lifetime runs out.</param>
    /// <param name="take">Applies one input; true when it counts as activity (an input the door refused does not).</param>
    /// <param name="stop">Cancelled when the call is gone or the drain's deadline passed.</param>
    /// <param name="notReading">True while the client has not read what it was sent.</param>
    public async Task<StreamEndReason?> ReadAsync<T>(
        StreamLifetime lifetime, IAsyncEnumerable<T> inputs, Func<T, CancellationToken, ValueTask<bool>> take, CancellationToken stop, Func<bool>? notReading = null)
    {
        using var draining = drain.Draining.Register(() => lifetime.Drain(drain.ReadGraceLeft)); // inputs on their way are still taken
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var next = inputs.GetAsyncEnumerator(reading.Token);
        await using (next.ConfigureAwait(false))
        {
            var timeUp = lifetime.WhenOverAsync(reading.Token);
            try
            {
                return await NextUntilAsync(lifetime, next, timeUp, take, reading, stop, notReading ?? (() => false)).ConfigureAwait(false);
            }
            finally
            {
                await reading.CancelAsync().ConfigureAwait(false); // the wait on the lifetime ends with the loop
            }
        }
    }

    private async Task<StreamEndReason?> NextUntilAsync<T>(
        StreamLifetime lifetime, IAsyncEnumerator<T> next, Task timeUp, Func<T, CancellationToken, ValueTask<bool>> take, CancellationTokenSource reading, CancellationToken stop, Func<bool> notReading)
    {
        while (true)
        {
            var moved = next.MoveNextAsync().AsTask();
            if (await Task.WhenAny(moved, timeUp).ConfigureAwait(false) == timeUp)
            {
                await reading.CancelAsync().ConfigureAwait(false);
                await ((Task)moved).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // the read, cancelled
                stop.ThrowIfCancellationRequested();
                return Ended(lifetime, notReading());
            }

            if (!await moved.ConfigureAwait(false))
            {
                return null;
            }

            using (lifetime.Busy()) // back-pressure on a fast sender does not count as silence
            {
                if (await take(next.Current, stop).ConfigureAwait(false))
                {
                    lifetime.RecordActivity();
                }
            }
        }
    }

    private StreamEndReason Ended(StreamLifetime lifetime, bool notReading)
    {
        var end = lifetime.EndReason(drain.IsDraining);
        if (end == StreamEndReason.Idle && notReading)
        {
            metrics.ClientFault("not_reading");
            return StreamEndReason.ClientNotReading; // not silent: it has not read what it was sent
        }

        if (end == StreamEndReason.Idle)
        {
            metrics.ClientFault("stalled");
        }

        return end;
    }
}
