using System.Runtime.CompilerServices;
using Grpc.Core;
using Stt.V1;

namespace Stt.Client;

/// <summary>
/// Sends live audio at a pace: with <see cref="Pacing.RealTime"/>, each piece when the audio sent before it has had its
/// time (divided by <see cref="Rate"/>), as a microphone would produce it; with <see cref="Pacing.AsFastAsPossible"/>,
/// each piece at once. Time runs from the sender's creation; a sender that falls behind sends at once until it has
/// caught up, so delays never add up.
/// </summary>
public sealed class PacedAudioSender
{
    private readonly TimeProvider _time;
    private readonly long _started;

    /// <param name="pacing">Real time (times <paramref name="rate"/>) or as fast as possible.</param>
    /// <param name="rate">With <see cref="Pacing.RealTime"/>: speed-up, e.g. 2.0 sends two seconds of audio per second. Default 1.</param>
    /// <param name="time">The clock; the system's by default.</param>
    public PacedAudioSender(Pacing pacing, double rate = 1.0, TimeProvider? time = null)
    {
        if (pacing == Pacing.RealTime)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        }

        Pacing = pacing;
        Rate = rate;
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
    }

    /// <summary>Real time or as fast as possible.</summary>
    public Pacing Pacing { get; }

    /// <summary>Speed-up over real time, with <see cref="Pacing.RealTime"/>.</summary>
    public double Rate { get; }

    /// <summary>Audio sent so far: every piece handed out whose sending has finished.</summary>
    public TimeSpan Sent { get; private set; }

    /// <summary>With <see cref="Pacing.RealTime"/>: how late a piece was handed out, at worst; zero while the sender keeps its pace.</summary>
    public TimeSpan MaxLag { get; private set; }

    /// <summary>Time since the sender was created.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>
    /// Hands out each piece of <paramref name="audio"/> when it is due; a piece counts as sent (<see cref="Sent"/>)
    /// when the caller asks for the next one.
    /// </summary>
    /// <param name="audio">The pieces, in order.</param>
    /// <param name="duration">The audio a piece carries.</param>
    /// <param name="cancellationToken">Stops the pieces, and the wait for the next one.</param>
    public async IAsyncEnumerable<T> PaceAsync<T>(
        IEnumerable<T> audio, Func<T, TimeSpan> duration, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var piece in audio)
        {
            cancellationToken.ThrowIfCancellationRequested(); // also as fast as possible, where nothing waits
            var wait = Due - Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            if (Pacing == Pacing.RealTime)
            {
                MaxLag = TimeSpan.FromTicks(Math.Max(MaxLag.Ticks, (Elapsed - Due).Ticks));
            }

            yield return piece;
            Sent += duration(piece);
        }
    }

    /// <summary>Writes each message to <paramref name="requests"/> when it is due (see <see cref="OpusMessages"/>).</summary>
    public async Task SendAsync(
        IAsyncStreamWriter<StreamingTranscribeRequest> requests,
        IEnumerable<(StreamingTranscribeRequest Message, TimeSpan Duration)> audio,
        CancellationToken cancellationToken = default)
    {
        await foreach (var (message, _) in PaceAsync(audio, a => a.Duration, cancellationToken).ConfigureAwait(false))
        {
            await requests.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>When, from the sender's creation, the next piece is due.</summary>
    private TimeSpan Due => Pacing == Pacing.RealTime ? Sent / Rate : TimeSpan.Zero;
}
