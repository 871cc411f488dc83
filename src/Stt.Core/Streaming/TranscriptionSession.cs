using System.Diagnostics;
using System.Threading.Channels;
using Stt.Audio;
using Stt.Core.Admission;
using Stt.Core.Detection;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// One stream (live, or a file): decodes its audio, finds utterances, schedules interim and final passes on the
/// shared scheduler and publishes <see cref="Events"/> in order. The jobs are its parts': <see cref="FrameBuffer"/>
/// (20 ms frames), the detector and <see cref="Endpointer"/> (utterances), <see cref="InterimPolicy"/> (when an
/// interim runs), <see cref="FinalSequencer"/> (finals in time order, back-pressure, clamping),
/// <see cref="FileWindows"/> (one pass per window of a file), <see cref="SessionStatistics"/> (the summary); this type
/// wires them. Audio is accepted by one caller at a time; passes complete on worker threads, so the state they share
/// is guarded by one lock. Disposing (or cancelling the call) aborts every pass the stream started.
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
    private readonly Lock _gate = new();
    private readonly FrameBuffer _frames = new();
    private readonly Endpointer _endpointer;
    private readonly AudioWindow _audio = new();
    private readonly FileWindows? _fileWindows;
    private readonly FinalSequencer _finals;
    private readonly SessionStatistics _statistics;
    private readonly List<EndpointEvent> _endpoints = [];
    private readonly List<PendingFinal> _ended = [];
    private readonly LiveStreamMeter? _meter;
    private readonly SpeechMetrics? _metrics;
    private readonly StreamPace _pace = new();
    private readonly bool _live;
    private Utterance? _utterance;
    private volatile bool _completed;

    /// <summary>
    /// Creates a session; <paramref name="decoder"/> may be null when samples are fed directly. <paramref name="live"/>:
    /// a live stream (finals timed, speculative finals, cost counted for admission) rather than a file (windows).
    /// </summary>
    public TranscriptionSession(
        SessionSettings settings,
        StreamingOptions options,
        IInferenceScheduler scheduler,
        IAudioStreamDecoder? decoder,
        IVoiceActivityDetector vad,
        SegmentFilter filter,
        CancellationToken callCancelled,
        SpeechMetrics? metrics = null,
        LiveStreamMeter? meter = null,
        bool live = true)
    {
        _settings = settings;
        _options = options;
        _scheduler = scheduler;
        _decoder = decoder;
        _vad = vad;
        _filter = filter;
        _live = live;
        _metrics = metrics;
        _meter = live ? meter : null;
        _fileWindows = live ? null : new FileWindows(options);
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        _endpointer = new Endpointer(options);
        _statistics = new SessionStatistics(metrics, live);
        _finals = new FinalSequencer(_gate, _events.Writer, filter, _statistics, options.MaxPendingFinalsPerStream, Fail, FinalSent);
    }

    /// <summary>
    /// What the stream has to say, in order. Completes after the summary, or with the exception that failed
    /// the stream (<see cref="InvalidAudioException"/>, <see cref="InferenceQueueFullException"/>, or an engine error).
    /// </summary>
    public ChannelReader<SessionEvent> Events => _events.Reader;

    /// <summary>Audio received so far (decoded, at 16 kHz).</summary>
    public TimeSpan ReceivedAudio => _pace.Received;

    /// <summary>False while the audio arrives faster than real time (see <see cref="StreamPace"/>).</summary>
    public bool IsRealTime => _pace.IsRealTime;

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
        _statistics.AudioReceived(samples.Length);
        _meter?.AudioReceived(AudioTime.FromSamples(samples.Length));
        _pace.Add(samples.Length);
        _frames.Append(samples.Span, ProcessFrame);
        await ScheduleEndedAsync(cancellationToken).ConfigureAwait(false);
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

        await ScheduleEndedAsync(cancellationToken).ConfigureAwait(false);
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
            _audio.Append(_frames.Partial);
            if (_endpointer.Flush(_audio.End) is { } end)
            {
                EndUtterance(end);
            }

            AddFinal(_fileWindows?.Close());
        }

        await ScheduleEndedAsync(cancellationToken).ConfigureAwait(false);
        await _finals.CompleteAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _events.Writer.TryWrite(new SummaryEvent(_statistics.Complete(_endpointer.Position, _decoder)));
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Aborts every pass this stream started and completes <see cref="Events"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _completed = true;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _finals.DisposeAsync().ConfigureAwait(false);
        _events.Writer.TryComplete();
        _meter?.StreamEnded(this);
        (_vad as IDisposable)?.Dispose();
        _lifetime.Dispose();
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

    private void ProcessFrame(float[] frame)
    {
        var speech = _vad.IsSpeech(frame);
        lock (_gate)
        {
            _audio.Append(frame);
            _endpoints.Clear();
            _endpointer.Process(frame, speech, _endpoints);
            if (speech && _utterance is not null)
            {
                _utterance.LastSpeechAt = Stopwatch.GetTimestamp();
            }

            if (_utterance?.Speculation is { } speculation && _endpointer.LastSpeechEnd != speculation.LastSpeechEnd)
            {
                _utterance.DropSpeculation(); // speech resumed: the utterance will be longer than the speculative final
                _statistics.SpeculationsDropped++;
            }

            foreach (var e in _endpoints)
            {
                switch (e.Kind)
                {
                    case EndpointEventKind.SpeechStarted:
                        _utterance = new Utterance(++_statistics.Utterances, e.Start, e.End);
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
                AddFinal(_fileWindows?.CloseIfSilentUntil(_audio.End));

                // Keep what a detection that is still pending could reach back to, and the open file window.
                _audio.DropBefore(Math.Min(
                    _fileWindows?.OpenStart ?? long.MaxValue,
                    _audio.End - AudioTime.ToSamples(_options.PreRoll) - Endpointer.DetectionWindowSamples));
            }
        }
    }

    /// <summary>
    /// Starts the final pass of a paused utterance early, over the audio it will have if speech does not resume.
    /// Only for live streams (a file's audio is all there already) and only when a worker is free: a speculative
    /// pass must never delay another stream's final.
    /// </summary>
    private void Speculate(EndpointEvent pause)
    {
        if (_utterance is not { } utterance || !_live || _scheduler.IsSaturated)
        {
            return;
        }

        var samples = Padded(_audio.Slice(pause.Start, pause.End));
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var pass = _scheduler.ScheduleAsync(new InferenceRequest(samples, _settings.Recognition, JobPriority.Final, Live: true), cancellation.Token);
        utterance.Speculation = new SpeculativeFinal(pause.Start, pause.End, _endpointer.LastSpeechEnd, pass, cancellation);
        _ = pass.ContinueWith(_ => cancellation.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Closes the open utterance: emits its end, aborts its interim, and queues its final: the speculative pass when
    /// it covered exactly this audio, else a new pass (a file's utterance joins its window instead).
    /// </summary>
    private void EndUtterance(EndpointEvent end)
    {
        var utterance = _utterance!;
        _utterance = null;
        utterance.Finish();
        _events.Writer.TryWrite(new EndOfUtteranceEvent(utterance.Id, AudioTime.FromSamples(end.End)));
        if (_fileWindows is not null)
        {
            AddFinal(_fileWindows.Join(utterance.Id, end.Start, end.End));
            return;
        }

        var final = AddFinal(new FileWindow(utterance.Id, end.Start, end.End), utterance.LastSpeechAt)!;
        if (utterance.Speculation is { } speculation && speculation.Start == end.Start && speculation.End == end.End)
        {
            final.Transcript = speculation.Pass;
            _statistics.SpeculationsUsed++;
        }
        else if (utterance.Speculation is not null)
        {
            utterance.DropSpeculation();
            _statistics.SpeculationsDropped++;
        }
    }

    /// <summary>Queues a final pass over the audio of <paramref name="span"/> (an utterance, or a file window).</summary>
    private PendingFinal? AddFinal(FileWindow? span, long lastSpeechAt = 0)
    {
        if (span is null)
        {
            return null;
        }

        var samples = _audio.Slice(span.Start, span.End);
        _statistics.TranscribedSamples += samples.Length;
        var final = new PendingFinal(span.UtteranceId, span.Start, span.End, Padded(samples)) { LastSpeechAt = lastSpeechAt };
        _ended.Add(final);
        return final;
    }

    private async ValueTask ScheduleEndedAsync(CancellationToken cancellationToken)
    {
        PendingFinal[] ready;
        lock (_gate)
        {
            ready = [.. _ended];
            _ended.Clear();
        }

        foreach (var final in ready)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            await _finals.EnqueueAsync(
                final,
                f => _scheduler.ScheduleAsync(new InferenceRequest(f.Samples, _settings.Recognition, JobPriority.Final, Live: _live), _lifetime.Token),
                linked.Token).ConfigureAwait(false);
        }
    }

    /// <summary>A final's segments are out: a real-time stream's final latency feeds the metrics and admission control.</summary>
    private void FinalSent(PendingFinal final)
    {
        if (_live && _pace.IsRealTime)
        {
            // From when the end of the utterance's audio (its last speech plus the tail) arrived. A stream sent
            // faster than real time waits on its own audio: that is not a live latency, and is not counted.
            var latency = Stopwatch.GetElapsedTime(final.LastSpeechAt) - _options.Tail;
            _metrics?.FinalSent(latency);
            _meter?.FinalSent(this, latency);
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
            if (_utterance is not { } open
                || !InterimPolicy.IsDue(new InterimState(open.Start, open.SpeechStart, open.LastInterimAt, open.InterimInFlight, open.Speculation is not null), _audio.End, _scheduler.IsSaturated, _options))
            {
                return;
            }

            utterance = open;
            utterance.LastInterimAt = _audio.End;
            utterance.InterimInFlight = true;
            sequence = ++utterance.InterimSequence;
            samples = Padded(_audio.Slice(utterance.Start, _audio.End));
        }

        var pass = _scheduler.ScheduleAsync(
            new InferenceRequest(samples, _settings.Recognition, JobPriority.Interim, ReplaceKey: this, Live: _live),
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
            _statistics.Inference += transcript?.ProcessingTime ?? TimeSpan.Zero;
            if (transcript is null || utterance.IsFinished || sequence <= utterance.LastEmittedSequence)
            {
                _statistics.InterimsSkipped++;
                return;
            }

            utterance.LastEmittedSequence = sequence;
            var segments = _filter.Apply(transcript.Segments).Kept;
            if (segments.Count == 0)
            {
                return;
            }

            // Words two consecutive passes agree on are stable (LocalAgreement-2).
            var (stable, full) = utterance.Agreement.Update(string.Join(' ', segments.Select(s => s.Text)));
            var offset = AudioTime.FromSamples(utterance.Start);
            _statistics.Interims++;
            _events.Writer.TryWrite(new SegmentEvent(
                0,
                utterance.Id,
                full,
                offset + segments[0].Start,
                offset + segments[^1].End,
                IsFinal: false,
                Stability: (float)stable.Length / full.Length,
                stable,
                _settings.Recognition.WordTimestamps ? [.. segments.SelectMany(s => s.Words).Select(w => w with { Start = w.Start + offset, End = w.End + offset })] : [],
                segments[0].Language,
                segments[0].NoSpeechProbability,
                segments.Average(s => s.Confidence)));
        }
    }

    private static float[] Padded(float[] samples) =>
        samples.Length >= MinPassSamples ? samples : [.. samples, .. new float[MinPassSamples - samples.Length]];
}
