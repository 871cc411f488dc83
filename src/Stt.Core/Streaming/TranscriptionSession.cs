using System.Diagnostics;
using System.Threading.Channels;
using Stt.Audio;
using Stt.Core.Admission;
using Stt.Core.Detection;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// One live stream: decodes its audio, finds utterances, schedules interim and final passes on the shared
/// scheduler and publishes <see cref="Events"/> in order. Finals are emitted strictly in time order even when
/// passes finish out of order on parallel workers. Audio is accepted by one caller at a time; passes complete
/// on worker threads, so state they touch is guarded by one lock. Disposing (or cancelling the call) aborts
/// every pass the stream started.
/// </summary>
public sealed class TranscriptionSession : IAsyncDisposable
{
    private static readonly int MinPassSamples = AudioTime.SampleRate + 320; // whisper.cpp skips input under 1 s

    private readonly SessionSettings _settings;
    private readonly StreamingOptions _options;
    private readonly IInferenceScheduler _scheduler;
    private readonly IAudioStreamDecoder? _decoder;
    private readonly IVoiceActivityDetector _vad;
    private readonly SegmentFilter _filter;
    private readonly CancellationTokenSource _lifetime;
    private readonly Channel<SessionEvent> _events = Channel.CreateUnbounded<SessionEvent>(new() { SingleReader = true });
    private readonly Channel<PendingFinal> _finals = Channel.CreateUnbounded<PendingFinal>(new() { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _finalSlots;
    private readonly Endpointer _endpointer;
    private readonly AudioWindow _audio = new();
    private readonly Lock _gate = new();
    private readonly float[] _frame = new float[StreamingOptions.FrameSamples];
    private readonly List<EndpointEvent> _endpoints = [];
    private readonly List<PendingFinal> _toSchedule = [];
    private readonly Task _finalsLoop;
    private readonly SpeechMetrics? _metrics;
    private readonly FinalLatencyMonitor? _latency;
    private readonly bool _live;
    private int _frameFill;
    private Utterance? _utterance;
    private uint _utteranceCount;
    private uint _finalCount;
    private int _interimCount;
    private int _interimsSkipped;
    private int _speculationsUsed;
    private int _speculationsDropped;
    private int _droppedNoSpeech;
    private int _droppedAnnotation;
    private long _transcribedSamples;
    private long _receivedSamples;
    private TimeSpan _inference;
    private TimeSpan _lastFinalEnd;
    private bool _completed;

    /// <summary>Creates a session; <paramref name="decoder"/> may be null when samples are fed directly.</summary>
    public TranscriptionSession(
        SessionSettings settings,
        StreamingOptions options,
        IInferenceScheduler scheduler,
        IAudioStreamDecoder? decoder,
        IVoiceActivityDetector vad,
        SegmentFilter filter,
        CancellationToken callCancelled,
        SpeechMetrics? metrics = null,
        FinalLatencyMonitor? latency = null,
        bool live = true)
    {
        _metrics = metrics;
        _latency = latency;
        _live = live;
        _settings = settings;
        _options = options;
        _scheduler = scheduler;
        _decoder = decoder;
        _vad = vad;
        _filter = filter;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        _finalSlots = new SemaphoreSlim(Math.Max(1, options.MaxPendingFinalsPerStream));
        _endpointer = new Endpointer(options);
        _finalsLoop = Task.Run(EmitFinalsAsync, CancellationToken.None);
    }

    /// <summary>
    /// What the stream has to say, in order. Completes after the summary, or with the exception that failed
    /// the stream (<see cref="InvalidAudioException"/>, <see cref="InferenceQueueFullException"/>, or an engine error).
    /// </summary>
    public ChannelReader<SessionEvent> Events => _events.Reader;

    /// <summary>Audio received so far (decoded, at 16 kHz).</summary>
    public TimeSpan ReceivedAudio => AudioTime.FromSamples(Volatile.Read(ref _receivedSamples));

    /// <summary>Decodes one audio message and processes it.</summary>
    /// <exception cref="InvalidAudioException">The audio cannot be decoded.</exception>
    public ValueTask AcceptAudioAsync(AudioPayload payload, CancellationToken cancellationToken)
    {
        var decoder = _decoder ?? throw new InvalidOperationException("this session takes samples, not encoded audio");
        return AcceptSamplesAsync(decoder.Decode(payload), cancellationToken);
    }

    /// <summary>Processes 16 kHz mono samples. Waits when too many finals of this stream are in flight.</summary>
    public async ValueTask AcceptSamplesAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _metrics?.AudioReceived(_live ? "stream" : "file", AudioTime.FromSamples(samples.Length));
        Interlocked.Add(ref _receivedSamples, samples.Length);
        var input = samples;
        while (!input.IsEmpty)
        {
            var take = Math.Min(input.Length, _frame.Length - _frameFill);
            input.Span[..take].CopyTo(_frame.AsSpan(_frameFill));
            _frameFill += take;
            input = input[take..];
            if (_frameFill == _frame.Length)
            {
                _frameFill = 0;
                ProcessFrame();
            }
        }

        await ScheduleEndedUtterancesAsync(cancellationToken).ConfigureAwait(false);
        MaybeScheduleInterim();
    }

    /// <summary>
    /// Ends the open utterance now, as if its trailing silence had (the client said its turn is over): its final is
    /// scheduled and the stream goes on. Call it from the one caller that accepts audio. False when no utterance is open.
    /// </summary>
    public async ValueTask<bool> EndUtteranceAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        lock (_gate)
        {
            if (_endpointer.Cut() is not { } end)
            {
                return false;
            }

            EndUtterance(end);
        }

        await ScheduleEndedUtterancesAsync(cancellationToken).ConfigureAwait(false);
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
        lock (_gate)
        {
            _audio.Append(_frame.AsSpan(0, _frameFill));
            if (_endpointer.Flush(_audio.End) is { } end)
            {
                EndUtterance(end);
            }
        }

        await ScheduleEndedUtterancesAsync(cancellationToken).ConfigureAwait(false);
        _finals.Writer.TryComplete();
        await _finalsLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var summary = Summary();
            _metrics?.SpeechDetected(_live ? "stream" : "file", summary.Transcribed, summary.Rejected);
            _events.Writer.TryWrite(new SummaryEvent(summary));
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Aborts every pass this stream started and completes <see cref="Events"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _completed = true;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _finals.Writer.TryComplete();
        await _finalsLoop.ConfigureAwait(false);
        _events.Writer.TryComplete();
        (_vad as IDisposable)?.Dispose();
        _lifetime.Dispose();
        _finalSlots.Dispose();
    }

    private void ProcessFrame()
    {
        var speech = _vad.IsSpeech(_frame);
        lock (_gate)
        {
            _audio.Append(_frame);
            _endpoints.Clear();
            _endpointer.Process(_frame, speech, _endpoints);
            if (speech && _utterance is not null)
            {
                _utterance.LastSpeechAt = Stopwatch.GetTimestamp();
            }

            if (_utterance?.Speculation is { } speculation && _endpointer.LastSpeechEnd != speculation.LastSpeechEnd)
            {
                _utterance.DropSpeculation(); // speech resumed: the utterance will be longer than the speculative final
                _speculationsDropped++;
            }

            foreach (var e in _endpoints)
            {
                switch (e.Kind)
                {
                    case EndpointEventKind.SpeechStarted:
                        _utterance = new Utterance(++_utteranceCount, e.Start, e.End);
                        _events.Writer.TryWrite(new SpeechStartedEvent(_utterance.Id, AudioTime.FromSamples(e.End)));
                        break;
                    case EndpointEventKind.Paused:
                        Speculate(e);
                        break;
                    default:
                        EndUtterance(e);
                        break;
                }
            }

            if (!_endpointer.InUtterance)
            {
                // Keep what a detection that is still pending could reach back to.
                _audio.DropBefore(_audio.End - AudioTime.ToSamples(_options.PreRoll) - Endpointer.DetectionWindowSamples);
            }
        }
    }

    /// <summary>
    /// Starts the final pass of a paused utterance early, over the audio it will have if speech does not resume.
    /// Only when a worker is free: a speculative pass must never delay another stream's final.
    /// </summary>
    private void Speculate(EndpointEvent pause)
    {
        if (_utterance is not { } utterance || _scheduler.IsSaturated)
        {
            return;
        }

        var samples = Padded(_audio.Slice(pause.Start, pause.End));
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var pass = _scheduler.ScheduleAsync(new InferenceRequest(samples, _settings.Recognition, JobPriority.Final), cancellation.Token);
        utterance.Speculation = new SpeculativeFinal(pause.Start, pause.End, _endpointer.LastSpeechEnd, pass, cancellation);
        _ = pass.ContinueWith(_ => cancellation.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Closes the open utterance: emits its end, aborts its interim, and queues its final: the speculative pass
    /// when it covered exactly this audio, else a new pass.
    /// </summary>
    private void EndUtterance(EndpointEvent end)
    {
        var utterance = _utterance!;
        _utterance = null;
        utterance.Finish();
        _events.Writer.TryWrite(new EndOfUtteranceEvent(utterance.Id, AudioTime.FromSamples(end.End)));
        var samples = _audio.Slice(end.Start, end.End);
        _transcribedSamples += samples.Length;
        var final = new PendingFinal(utterance.Id, end.Start, end.End, Padded(samples)) { LastSpeechAt = utterance.LastSpeechAt };
        if (utterance.Speculation is { } speculation && speculation.Start == end.Start && speculation.End == end.End)
        {
            final.Transcript = speculation.Pass;
            _speculationsUsed++;
        }
        else if (utterance.Speculation is not null)
        {
            utterance.DropSpeculation();
            _speculationsDropped++;
        }

        _toSchedule.Add(final);
    }

    private async ValueTask ScheduleEndedUtterancesAsync(CancellationToken cancellationToken)
    {
        PendingFinal[] ready;
        lock (_gate)
        {
            ready = [.. _toSchedule];
            _toSchedule.Clear();
        }

        foreach (var final in ready)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            await _finalSlots.WaitAsync(linked.Token).ConfigureAwait(false);
            final.Transcript ??= _scheduler.ScheduleAsync(
                new InferenceRequest(final.Samples, _settings.Recognition, JobPriority.Final),
                _lifetime.Token);
            _finals.Writer.TryWrite(final);
        }
    }

    private void MaybeScheduleInterim()
    {
        if (!_settings.InterimResults)
        {
            return;
        }

        Utterance utterance;
        float[] samples;
        int sequence;
        lock (_gate)
        {
            if (_utterance is null)
            {
                return;
            }

            utterance = _utterance;
            if (utterance.InterimInFlight)
            {
                return; // one interim per utterance at a time: a second would only delay the first and the final
            }

            if (utterance.Speculation is not null)
            {
                return; // paused: its final is already running
            }

            var now = _audio.End;

            // The interval grows with the utterance (a quarter of its length, at least InterimInterval), so the
            // cost of re-transcribing a growing window stays linear in its length rather than quadratic.
            var interval = Math.Max(AudioTime.ToSamples(_options.InterimInterval), (now - utterance.Start) / 4);
            var dueAt = utterance.LastInterimAt is { } last
                ? last + interval
                : utterance.SpeechStart + AudioTime.ToSamples(_options.FirstInterimAfter);
            if (now < dueAt)
            {
                return;
            }

            if (_scheduler.IsSaturated)
            {
                return; // thin interims before delaying finals: every worker is busy, so try again with the next audio
            }

            utterance.LastInterimAt = now;
            utterance.InterimInFlight = true;
            sequence = ++utterance.InterimSequence;
            samples = Padded(_audio.Slice(utterance.Start, now));
        }

        var pass = _scheduler.ScheduleAsync(
            new InferenceRequest(samples, _settings.Recognition, JobPriority.Interim, ReplaceKey: this),
            utterance.InterimCancellation(_lifetime.Token));
        _ = EmitInterimAsync(utterance, sequence, pass);
    }

    private async Task EmitInterimAsync(Utterance utterance, int sequence, Task<Transcript?> pass)
    {
        Transcript? transcript;
        try
        {
            transcript = await pass.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the utterance ended or the stream went away
        }
        catch (Exception ex)
        {
            Fail(ex);
            return;
        }
        finally
        {
            utterance.InterimInFlight = false;
        }

        lock (_gate)
        {
            if (transcript is null)
            {
                _interimsSkipped++;
                return;
            }

            _inference += transcript.ProcessingTime;
            if (utterance.IsFinished || sequence <= utterance.LastEmittedSequence)
            {
                _interimsSkipped++;
                return;
            }

            utterance.LastEmittedSequence = sequence;
            var segments = _filter.Apply(transcript.Segments).Kept;
            if (segments.Count == 0)
            {
                return;
            }

            var (stable, full) = utterance.Agreement.Update(string.Join(' ', segments.Select(s => s.Text)));

            var offset = AudioTime.FromSamples(utterance.Start);
            var first = segments[0];
            var last = segments[^1];
            _interimCount++;
            _events.Writer.TryWrite(new SegmentEvent(
                0,
                utterance.Id,
                full,
                offset + first.Start,
                offset + last.End,
                IsFinal: false,
                Stability: (float)stable.Length / full.Length,
                stable,
                _settings.Recognition.WordTimestamps ? segments.SelectMany(s => s.Words).Select(w => Shift(w, offset)).ToList() : [],
                first.Language,
                first.NoSpeechProbability,
                segments.Average(s => s.Confidence)));
        }
    }

    private async Task EmitFinalsAsync()
    {
        await foreach (var final in _finals.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            Transcript? transcript;
            try
            {
                transcript = await final.Transcript!.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Fail(ex);
                return;
            }
            finally
            {
                ReleaseFinalSlot();
            }

            lock (_gate)
            {
                _inference += transcript?.ProcessingTime ?? TimeSpan.Zero;
                var count = EmitFinalSegments(final, transcript?.Segments ?? []);
                _events.Writer.TryWrite(new UtteranceTranscribedEvent(final.UtteranceId, count));
            }

            if (_live)
            {
                // From when the end of the utterance's audio (its last speech plus the tail) arrived.
                var latency = Stopwatch.GetElapsedTime(final.LastSpeechAt) - _options.Tail;
                _metrics?.FinalSent(latency);
                _latency?.Record(latency);
            }
        }
    }

    private int EmitFinalSegments(PendingFinal final, IReadOnlyList<TranscriptSegment> passSegments)
    {
        var (segments, noSpeech, annotation) = _filter.Apply(passSegments);
        _droppedNoSpeech += noSpeech;
        _droppedAnnotation += annotation;
        _metrics?.SegmentsDropped(noSpeech, annotation);
        var offset = AudioTime.FromSamples(final.Start);
        var utteranceEnd = AudioTime.FromSamples(final.End);
        foreach (var segment in segments)
        {
            // Finals never overlap and never leave their utterance, whatever the model's timestamps say.
            var start = Max(offset + segment.Start, Max(offset, _lastFinalEnd));
            var end = Min(Max(offset + segment.End, start), utteranceEnd);
            start = Min(start, end);
            _lastFinalEnd = end;
            _events.Writer.TryWrite(new SegmentEvent(
                ++_finalCount,
                final.UtteranceId,
                segment.Text,
                start,
                end,
                IsFinal: true,
                Stability: 1f,
                segment.Text,
                segment.Words.Select(w => Shift(w, offset)).ToList(),
                segment.Language,
                segment.NoSpeechProbability,
                segment.Confidence));
        }

        return segments.Count;
    }

    private void ReleaseFinalSlot()
    {
        try
        {
            _finalSlots.Release();
        }
        catch (ObjectDisposedException)
        {
            // the session is being disposed
        }
    }

    /// <summary>Ends the stream with an error: <see cref="Events"/> completes with it and every pass is aborted.</summary>
    public void Fail(Exception exception)
    {
        _events.Writer.TryComplete(exception);
        try
        {
            _lifetime.Cancel(); // abort this stream's other passes
        }
        catch (ObjectDisposedException)
        {
            // already disposed
        }
    }

    private SessionSummary Summary() => new(
        AudioTime.FromSamples(_endpointer.Position),
        AudioTime.FromSamples(_transcribedSamples),
        (int)_finalCount,
        _interimCount,
        (int)_utteranceCount,
        _inference,
        _decoder?.PacketsReceived ?? 0,
        _decoder?.PacketsConcealed ?? 0,
        _interimsSkipped,
        _speculationsUsed,
        _speculationsDropped,
        _droppedNoSpeech,
        _droppedAnnotation);

    private static float[] Padded(float[] samples) =>
        samples.Length >= MinPassSamples ? samples : [.. samples, .. new float[MinPassSamples - samples.Length]];

    private static TranscriptWord Shift(TranscriptWord word, TimeSpan offset) =>
        word with { Start = word.Start + offset, End = word.End + offset };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>An utterance's audio waiting for, or in, its final pass.</summary>
    private sealed record PendingFinal(uint UtteranceId, long Start, long End, float[] Samples)
    {
        public Task<Transcript?>? Transcript { get; set; }

        /// <summary>When the utterance's last speech frame arrived (<see cref="Stopwatch"/> ticks).</summary>
        public long LastSpeechAt { get; init; }
    }

    /// <summary>A final pass started at a pause, over the audio from <paramref name="Start"/> to <paramref name="End"/>.</summary>
    private sealed record SpeculativeFinal(long Start, long End, long LastSpeechEnd, Task<Transcript?> Pass, CancellationTokenSource Cancellation);

    /// <summary>The open utterance: its interim state and any speculative final.</summary>
    private sealed class Utterance(uint id, long start, long speechStart)
    {
        private CancellationTokenSource? _interims;

        public uint Id { get; } = id;

        public long Start { get; } = start;

        public long SpeechStart { get; } = speechStart;

        public long? LastInterimAt { get; set; }

        public int InterimSequence { get; set; }

        public int LastEmittedSequence { get; set; }

        public bool InterimInFlight { get; set; }

        public bool IsFinished { get; private set; }

        public LocalAgreement Agreement { get; } = new();

        public SpeculativeFinal? Speculation { get; set; }

        /// <summary>When its last speech frame arrived (<see cref="Stopwatch"/> ticks).</summary>
        public long LastSpeechAt { get; set; } = Stopwatch.GetTimestamp();

        /// <summary>Aborts the speculative final (speech resumed, or the utterance ended elsewhere).</summary>
        public void DropSpeculation()
        {
            if (Speculation is { } speculation)
            {
                Speculation = null;
                try
                {
                    speculation.Cancellation.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // the pass already finished (its source is disposed with it): nothing to abort
                }
            }
        }

        /// <summary>A token that is cancelled when the utterance ends: its interims are no longer worth running.</summary>
        public CancellationToken InterimCancellation(CancellationToken session)
        {
            _interims ??= CancellationTokenSource.CreateLinkedTokenSource(session);
            return _interims.Token;
        }

        public void Finish()
        {
            IsFinished = true;
            _interims?.Cancel();
            _interims?.Dispose();
        }
    }
}
