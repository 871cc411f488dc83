using Stt.Core.Models;
using Stt.Audio;
using Stt.Core.Inference;
using Stt.Core.Streaming;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// No turn detection: appended audio waits in the input buffer (decoded to 16 kHz, at most
/// <see cref="OpenAiOptions.MaxBufferedAudio"/>) until the client commits it; each commit is one item, transcribed like a
/// file (<see cref="FileTranscriber"/>: endpointing inside, silence skipped) one after another, its finals sent as deltas
/// as they are ready, then <c>completed</c>. At most <see cref="OpenAiOptions.MaxPendingCommits"/> items wait for or are
/// in transcription: a commit beyond is refused, and the buffer kept.
/// </summary>
internal sealed class CommittedTurns(FileTranscriber transcriber, TurnEvents events, OpenAiOptions limits, Func<Exception, OpenAiError> describe)
    : IRealtimeTurns
{
    private static readonly TimeSpan MinCommit = TimeSpan.FromMilliseconds(100);
    private readonly List<float> _buffer = [];
    private readonly CancellationTokenSource _stop = new();
    private Linear16StreamDecoder? _decoder;
    private int _rate;
    private Task _work = Task.CompletedTask;
    private long _receivedSamples;
    private int _finals;
    private int _pending;

    /// <summary>What the next commit is transcribed with; the connection sets it from the session's configuration.</summary>
    public RecognitionOptions Recognition { get; set; } = new(RecognitionOptions.AutoLanguage);

    /// <summary>The model commits run on (the session holds it); null: the default model.</summary>
    public ModelLease? Model { get; set; }

    /// <summary>PCM rate of the next appends, Hz.</summary>
    public int Rate
    {
        get => _rate;
        set
        {
            if (value != _rate)
            {
                _rate = value;
                _decoder = new Linear16StreamDecoder(value, 1);
            }
        }
    }

    public Task<Exception> Failed { get; } = new TaskCompletionSource<Exception>().Task; // each item fails alone

    public (double AudioSeconds, int Finals) Outcome => (AudioTime.FromSamples(Interlocked.Read(ref _receivedSamples)).TotalSeconds, Volatile.Read(ref _finals));

    public ValueTask AppendAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken)
    {
        var samples = _decoder!.Decode(AudioPayload.FromPcm(pcm));
        if (AudioTime.FromSamples(_buffer.Count + samples.Length) > limits.MaxBufferedAudio)
        {
            throw new OpenAiException(OpenAiError.BadRequest(
                $"the input buffer holds at most {limits.MaxBufferedAudio.TotalSeconds:F0} s without turn detection (Stt:OpenAi:MaxBufferedAudio); commit or clear it",
                "audio", "input_audio_buffer_full"));
        }

        _buffer.AddRange(samples);
        Interlocked.Add(ref _receivedSamples, samples.Length);
        return ValueTask.CompletedTask;
    }

    /// <summary>Hands the uncommitted audio over (turn detection was switched on) and empties the buffer.</summary>
    public float[] TakeBuffered()
    {
        var samples = _buffer.ToArray();
        _buffer.Clear();
        return samples;
    }

    public ValueTask<OpenAiError?> CommitAsync(CancellationToken cancellationToken)
    {
        var length = AudioTime.FromSamples(_buffer.Count);
        if (length < MinCommit)
        {
            return ValueTask.FromResult<OpenAiError?>(OpenAiError.BadRequest(
                $"buffer too small: expected at least {MinCommit.TotalMilliseconds:F0} ms of audio, but the buffer holds {length.TotalMilliseconds:F0} ms",
                null, "input_audio_buffer_commit_empty"));
        }

        if (Volatile.Read(ref _pending) >= limits.MaxPendingCommits)
        {
            return ValueTask.FromResult<OpenAiError?>(OpenAiError.BadRequest(
                $"{limits.MaxPendingCommits} committed turns are still being transcribed (Stt:OpenAi:MaxPendingCommits); the buffer is kept: commit it after the next conversation.item.input_audio_transcription.completed",
                null, "too_many_pending_commits"));
        }

        Interlocked.Increment(ref _pending);
        var item = RealtimeItems.NewId();
        events.Committed(item);
        var audio = new DecodedAudio(TakeBuffered(), "committed PCM");
        _work = TranscribeAsync(item, audio, Recognition, Model, _work);
        return ValueTask.FromResult<OpenAiError?>(null);
    }

    public void Clear() => _buffer.Clear();

    public Task FinishAsync(CancellationToken cancellationToken) => _work.WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _work;
        _stop.Dispose();
    }

    private async Task TranscribeAsync(string item, DecodedAudio audio, RecognitionOptions recognition, ModelLease? model, Task previous)
    {
        var deltas = new FinalDeltas();
        try
        {
            await previous; // items complete in the order they were committed
            await foreach (var e in transcriber.StreamAsync(audio, recognition, model, _stop.Token))
            {
                if (e is SegmentEvent segment)
                {
                    events.Delta(item, deltas.Next(segment.Text));
                    Interlocked.Increment(ref _finals);
                }
            }

            events.Completed(item, deltas.Transcript, audio.Duration);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // the connection went away
        }
        catch (Exception ex)
        {
            events.Failed(item, describe(ex));
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }
}
