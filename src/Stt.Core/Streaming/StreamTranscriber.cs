using System.Threading.Channels;
using Stt.Audio;
using Stt.Core.Admission;
using Stt.Core.Detection;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// One stream (live, or a file): decodes its audio, finds utterances, schedules interim and final passes on the shared
/// scheduler and publishes <see cref="Events"/> in order. One chunk's path to its final, top to bottom:
/// <see cref="AcceptAudioAsync"/> decodes it; <see cref="AcceptSamplesAsync"/> has the <see cref="Segmenter"/> detect
/// speech in its frames, then <see cref="Step"/> advance over them (speech started and utterance ended are published at
/// once); <see cref="QueueAsync"/> hands the finals ready to the <see cref="FinalSequencer"/>, which starts their passes
/// (unless a speculative one runs, <see cref="LiveFinals"/>); <see cref="PublishFinalsAsync"/> takes them back in time
/// order and publishes their segments. Interims branch off after each chunk (<see cref="StartInterim"/>).
/// </summary>
/// <remarks>
/// Audio is accepted by one caller at a time; passes complete on worker threads. This type alone owns the lock, the event
/// channel and the statistics: its parts take no lock and write no event; it calls them under the lock whenever they
/// touch what the threads share. Outside it run the speech detector (the caller's alone), the pace (atomic) and
/// <see cref="Utterance.InterimInFlight"/> (volatile). Disposing (or cancelling the call) aborts every pass it started.
/// </remarks>
public sealed partial class StreamTranscriber : IAsyncDisposable
{
    private readonly TimeSpan _tail; // a live final's latency runs from the end of its tail
    private readonly IAudioStreamDecoder? _decoder;
    private readonly Channel<StreamEvent> _events = Channel.CreateUnbounded<StreamEvent>(new() { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly StreamPasses _passes;
    private readonly StreamStatistics _statistics;
    private readonly IStreamFinals _kind;
    private readonly Segmenter _segmenter;
    private readonly Interims? _interims;
    private readonly FinalSequencer _finals;
    private readonly SegmentFilter _filter;
    private readonly Task _publishing;
    private readonly LiveStreamMeter? _meter;
    private readonly SpeechMetrics? _metrics;
    private readonly StreamPace _pace;
    private readonly TimeProvider _clock;
    private readonly IAudioAllowance? _allowance;
    private volatile bool _completed;

    /// <summary>
    /// Creates the transcriber of one stream; <paramref name="decoder"/> may be null when samples are fed directly.
    /// <paramref name="live"/>: a live stream (finals timed, speculative finals, cost counted for admission), not a file
    /// (windows). <paramref name="clock"/> times its pace and its finals' latency (the system clock when null).
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
        _tail = options.Tail;
        _decoder = decoder;
        _filter = filter;
        _metrics = metrics;
        _meter = live ? meter : null;
        _passes = new StreamPasses(scheduler, request.Recognition, live, callCancelled, request.Model);
        _statistics = new StreamStatistics(metrics, live);
        _kind = live ? new LiveFinals(new Speculation(_passes)) : new FileFinals(new FileWindows(options.FileWindows));
        _segmenter = new Segmenter(options.Endpointing, vad, _kind, _clock);
        _interims = request.InterimResults ? new Interims(_passes, options.Interims, filter, request.Recognition.WordTimestamps) : null;
        _finals = new FinalSequencer(_passes, options.MaxPendingFinalsPerStream);
        _publishing = Task.Run(PublishFinalsAsync, CancellationToken.None);
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
        var frames = _segmenter.Detect(samples.Span);
        await QueueAsync(Step(segmenter => segmenter.Advance(frames)) ?? [], cancellationToken).ConfigureAwait(false);
        StartInterim();
    }

    /// <summary>
    /// Ends the open utterance now, as if its trailing silence had (the client said its turn is over): its final is
    /// scheduled and the stream goes on. Call it from the one caller that accepts audio. False when no utterance is open.
    /// </summary>
    public async ValueTask<bool> EndUtteranceAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (Step(segmenter => segmenter.Cut()) is not { } cut)
        {
            return false;
        }

        await QueueAsync(cut, cancellationToken).ConfigureAwait(false);
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
        await QueueAsync(Step(segmenter => segmenter.Flush()) ?? [], cancellationToken).ConfigureAwait(false);
        _finals.Complete();
        await _publishing.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _events.Writer.TryWrite(new SummaryEvent(_statistics.Complete(_segmenter.Position, _segmenter.Utterances, _kind.Speculations, _decoder)));
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Aborts every pass this stream started and completes <see cref="Events"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _completed = true;
        await _passes.AbortAsync().ConfigureAwait(false);
        _finals.Complete();
        await _publishing.ConfigureAwait(false);
        _finals.Dispose();
        _events.Writer.TryComplete();
        _meter?.StreamEnded(this);
        _segmenter.Dispose();
        _passes.Dispose();
    }

    /// <summary>Ends the stream with an error: <see cref="Events"/> completes with it and every pass is aborted.</summary>
    public void Fail(Exception exception)
    {
        _events.Writer.TryComplete(exception);
        _passes.Abort(); // abort this stream's other passes
    }

    /// <summary>
    /// One step of the segmenter, under the lock: what it announced is published at once, the audio of the finals it
    /// ended is counted, and they are returned to be queued (null: the step had nothing to do).
    /// </summary>
    private IReadOnlyList<PendingFinal>? Step(Func<Segmenter, Segmented?> step)
    {
        lock (_gate)
        {
            if (step(_segmenter) is not { } segmented)
            {
                return null;
            }

            foreach (var announced in segmented.Announced)
            {
                _events.Writer.TryWrite(announced);
            }

            _statistics.TranscribedSamples += segmented.Ended.Sum(final => (long)final.Samples.Length);
            return segmented.Ended;
        }
    }

    /// <summary>Queues the finals the segmenter ended, in order; waits for a slot when too many are in flight.</summary>
    private async ValueTask QueueAsync(IReadOnlyList<PendingFinal> ended, CancellationToken cancellationToken)
    {
        foreach (var final in ended)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _passes.Aborted);
            await _finals.EnqueueAsync(final, linked.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The finals, in time order as their passes finish: their segments filtered, placed and published with the
    /// utterance's end. Runs for the stream's life; a failed pass fails the stream.
    /// </summary>
    private async Task PublishFinalsAsync()
    {
        try
        {
            await foreach (var (final, transcript) in _finals.InOrderAsync().ConfigureAwait(false))
            {
                lock (_gate)
                {
                    _statistics.PassEnded(transcript);
                    var (kept, noSpeech, annotation) = _filter.Apply(transcript?.Segments ?? []);
                    _statistics.SegmentsDropped(noSpeech, annotation);
                    var segments = _finals.Place(final, kept, _statistics.Finals + 1);
                    _statistics.Finals += (uint)segments.Count;
                    foreach (var segment in segments)
                    {
                        _events.Writer.TryWrite(segment);
                    }

                    _events.Writer.TryWrite(new UtteranceTranscribedEvent(final.UtteranceId, segments.Count));
                }

                FinalSent(final);
            }
        }
        catch (OperationCanceledException)
        {
            // the stream's passes were aborted: it is being disposed, or failed
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>A final's segments are out: a real-time stream's final latency feeds the metrics and admission control.</summary>
    private void FinalSent(PendingFinal final)
    {
        if (_kind is LiveFinals && _pace.IsRealTime)
        {
            // From when the end of the utterance's audio (its last speech plus the tail) arrived. A stream sent
            // faster than real time waits on its own audio: that is not a live latency, and is not counted.
            var latency = _clock.GetElapsedTime(final.LastSpeechAt) - _tail;
            _metrics?.FinalSent(latency);
            _meter?.FinalSent(this, latency);
        }
    }
}
