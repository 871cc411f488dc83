using System.Threading.Channels;
using Stt.Audio;
using Stt.Core.Admission;
using Stt.Core.Detection;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// One stream (live, or a file): decodes its audio, finds utterances, schedules interim and final passes on the
/// shared scheduler and publishes <see cref="Events"/> in order. Its parts do the work: <see cref="UtteranceTracker"/>
/// (frames, speech detection, endpointing, the audio kept, ended utterances), <see cref="IStreamFinals"/> (what ended
/// utterances become: <see cref="LiveFinals"/>, each a final, started at a pause; or <see cref="FileFinals"/>, windows), <see cref="InterimPublisher"/> (when an interim runs, and what it says),
/// <see cref="FinalSequencer"/> (finals in time order, back-pressure, clamping), <see cref="StreamPasses"/> (this
/// stream's passes, aborted together), <see cref="StreamStatistics"/> (the summary); this type wires them. Disposing
/// (or cancelling the call) aborts every pass the stream started.
/// </summary>
/// <remarks>
/// Audio is accepted by one caller at a time; passes complete on worker threads. One lock, <c>_gate</c>, guards what
/// they share: the tracker's audio, endpointer, utterance in progress and ended finals, the statistics, and the order
/// of writes to <see cref="Events"/>. The tracker takes it per frame, the interim publisher and the final sequencer
/// when they publish from a worker thread. Outside it run the frame buffer and speech detector (the caller's alone),
/// the pace (atomic) and <see cref="Utterance.InterimInFlight"/> (volatile: a pass's continuation clears it).
/// </remarks>
public sealed class StreamTranscriber : IAsyncDisposable
{
    private readonly StreamingOptions _options;
    private readonly IAudioStreamDecoder? _decoder;
    private readonly Channel<StreamEvent> _events = Channel.CreateUnbounded<StreamEvent>(new() { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly StreamPasses _passes;
    private readonly StreamStatistics _statistics;
    private readonly UtteranceTracker _utterances;
    private readonly InterimPublisher? _interims;
    private readonly FinalSequencer _finals;
    private readonly LiveStreamMeter? _meter;
    private readonly SpeechMetrics? _metrics;
    private readonly StreamPace _pace;
    private readonly TimeProvider _clock;
    private readonly IAudioAllowance? _allowance;
    private readonly bool _live;
    private volatile bool _completed;

    /// <summary>
    /// Creates the transcriber of one stream; <paramref name="decoder"/> may be null when samples are fed directly. <paramref name="live"/>:
    /// a live stream (finals timed, speculative finals, cost counted for admission) rather than a file (windows).
    /// <paramref name="clock"/> times the stream's pace and its finals' latency (the system clock when null).
    /// </summary>
    public StreamTranscriber(
        StreamRequest request,
        StreamingOptions options,
        IInferenceScheduler scheduler,
        IAudioStreamDecoder? decoder,
        IVoiceActivityDetector vad,
        SegmentFilter filter,
        CancellationToken callCancelled,
        SpeechMetrics? metrics = null,
        LiveStreamMeter? meter = null,
        bool live = true,
        IAudioAllowance? allowance = null,
        TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _pace = new StreamPace(_clock);
        _allowance = allowance;
        _options = options;
        _decoder = decoder;
        _live = live;
        _metrics = metrics;
        _meter = live ? meter : null;
        _passes = new StreamPasses(scheduler, request.Recognition, live, callCancelled, request.Model);
        _statistics = new StreamStatistics(metrics, live);
        _utterances = new UtteranceTracker(
            _gate, options, vad, _events.Writer, _statistics, live ? new LiveFinals(new Speculation(_passes, _statistics)) : new FileFinals(new FileWindows(options)), _clock);
        _interims = request.InterimResults
            ? new InterimPublisher(_gate, _utterances, _passes, options, filter, _statistics, _events.Writer, request.Recognition.WordTimestamps, Fail)
            : null;
        _finals = new FinalSequencer(_gate, _passes, _events.Writer, filter, _statistics, options.MaxPendingFinalsPerStream, Fail, FinalSent);
    }

    /// <summary>
    /// What the stream has to say, in order. Completes after the summary, or with the exception that failed
    /// the stream (<see cref="InvalidAudioException"/>, <see cref="InferenceQueueFullException"/>, or an engine error).
    /// </summary>
    public ChannelReader<StreamEvent> Events => _events.Reader;

    /// <summary>Audio received so far (decoded, at 16 kHz).</summary>
    public TimeSpan ReceivedAudio => _pace.Received;

    /// <summary>False while the audio arrives faster than real time (see <see cref="StreamPace"/>).</summary>
    public bool IsRealTime => _pace.IsRealTime;

    /// <summary>Decodes one audio message and processes it.</summary>
    /// <exception cref="InvalidAudioException">The audio cannot be decoded.</exception>
    /// <exception cref="AudioAllowanceExceededException">The stream sent more audio than its pacing allows.</exception>
    public ValueTask AcceptAudioAsync(AudioPayload payload, CancellationToken cancellationToken)
    {
        var decoder = _decoder ?? throw new InvalidOperationException("this transcriber takes samples, not encoded audio");
        _allowance?.Take(decoder.Measure(payload)); // before decoding: audio refused costs nothing
        return AcceptSamplesAsync(decoder.Decode(payload), cancellationToken);
    }

    /// <summary>Processes 16 kHz mono samples. Waits when too many finals of this stream are in flight.</summary>
    public async ValueTask AcceptSamplesAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _statistics.AudioReceived(samples.Length);
        _meter?.AudioReceived(AudioTime.FromSamples(samples.Length));
        _pace.Add(samples.Length);
        await ScheduleAsync(_utterances.Accept(samples.Span), cancellationToken).ConfigureAwait(false);
        _interims?.MaybeStart();
    }

    /// <summary>
    /// Ends the open utterance now, as if its trailing silence had (the client said its turn is over): its final is
    /// scheduled and the stream goes on. Call it from the one caller that accepts audio. False when no utterance is open.
    /// </summary>
    public async ValueTask<bool> EndUtteranceAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_utterances.Cut() is not { } ended)
        {
            return false;
        }

        await ScheduleAsync(ended, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The client finished sending: transcribes what is pending, emits the remaining finals and the summary,
    /// then completes <see cref="Events"/>.
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        await ScheduleAsync(_utterances.Flush(), cancellationToken).ConfigureAwait(false);
        await _finals.CompleteAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _events.Writer.TryWrite(new SummaryEvent(_statistics.Complete(_utterances.Position, _decoder)));
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Aborts every pass this stream started and completes <see cref="Events"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _completed = true;
        await _passes.AbortAsync().ConfigureAwait(false);
        await _finals.DisposeAsync().ConfigureAwait(false);
        _events.Writer.TryComplete();
        _meter?.StreamEnded(this);
        _utterances.Dispose();
        _passes.Dispose();
    }

    /// <summary>Ends the stream with an error: <see cref="Events"/> completes with it and every pass is aborted.</summary>
    public void Fail(Exception exception)
    {
        _events.Writer.TryComplete(exception);
        _passes.Abort(); // abort this stream's other passes
    }

    /// <summary>Queues the finals the tracker ended, in order; waits for a slot when too many are in flight.</summary>
    private async ValueTask ScheduleAsync(PendingFinal[] ended, CancellationToken cancellationToken)
    {
        foreach (var final in ended)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _passes.Aborted);
            await _finals.EnqueueAsync(final, linked.Token).ConfigureAwait(false);
        }
    }

    /// <summary>A final's segments are out: a real-time stream's final latency feeds the metrics and admission control.</summary>
    private void FinalSent(PendingFinal final)
    {
        if (_live && _pace.IsRealTime)
        {
            // From when the end of the utterance's audio (its last speech plus the tail) arrived. A stream sent
            // faster than real time waits on its own audio: that is not a live latency, and is not counted.
            var latency = _clock.GetElapsedTime(final.LastSpeechAt) - _options.Tail;
            _metrics?.FinalSent(latency);
            _meter?.FinalSent(this, latency);
        }
    }
}
