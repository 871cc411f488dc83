using System.Threading.Channels;
using Stt.Audio;

namespace Stt.Core.Streaming;

/// <summary>
/// Follows a stream's utterances: cuts its audio into frames, asks the speech detector about each, feeds the
/// <see cref="Endpointer"/>, keeps the audio an utterance (or a file's open window) may still need, announces speech
/// starting and utterances ending, and turns what its <see cref="IStreamFinals"/> makes of them (a live utterance, a
/// closed file window) into a <see cref="PendingFinal"/>, which it returns: each call says what it ended.
/// </summary>
/// <remarks>
/// The frame buffer and the detector belong to the one caller that accepts audio and run outside the transcriber's lock;
/// everything else here is guarded by it: each frame is processed under it, and <see cref="Audio"/> and
/// <see cref="Current"/> may only be read while holding it.
/// </remarks>
internal sealed class UtteranceTracker : IDisposable
{
    private readonly Lock _gate;
    private readonly IVoiceActivityDetector _detector;
    private readonly ChannelWriter<StreamEvent> _events;
    private readonly StreamStatistics _statistics;
    private readonly IStreamFinals _finals;
    private readonly FrameBuffer _frames = new();
    private readonly Endpointer _endpointer;
    private readonly List<EndpointEvent> _endpoints = [];
    private readonly List<PendingFinal> _ended = [];
    private readonly long _preRoll;
    private readonly TimeProvider _clock;

    /// <param name="gate">The transcriber's lock.</param>
    /// <param name="options">Endpointing and pre-roll.</param>
    /// <param name="detector">The stream's speech detector (disposed with this).</param>
    /// <param name="events">Where speech starts and utterance ends are announced.</param>
    /// <param name="statistics">The stream's counters.</param>
    /// <param name="finals">What ended utterances become: a live stream's finals, or a file's windows.</param>
    /// <param name="clock">When speech was last heard, for a live final's latency.</param>
    public UtteranceTracker(
        Lock gate,
        StreamingOptions options,
        IVoiceActivityDetector detector,
        ChannelWriter<StreamEvent> events,
        StreamStatistics statistics,
        IStreamFinals finals,
        TimeProvider clock)
    {
        _clock = clock;
        _gate = gate;
        _detector = detector;
        _events = events;
        _statistics = statistics;
        _finals = finals;
        _endpointer = new Endpointer(options);
        _preRoll = AudioTime.ToSamples(options.PreRoll);
    }

    /// <summary>The stream's recent audio, by absolute sample position.</summary>
    public AudioWindow Audio { get; } = new();

    /// <summary>The utterance in progress, if any.</summary>
    public Utterance? Current { get; private set; }

    /// <summary>Samples processed so far (under the lock).</summary>
    public long Position => _endpointer.Position;

    /// <summary>Processes 16 kHz mono samples, frame by frame; returns the finals they ended, in time order.</summary>
    public PendingFinal[] Accept(ReadOnlySpan<float> samples)
    {
        _frames.Append(samples, Process);
        lock (_gate)
        {
            return Ended();
        }
    }

    /// <summary>Ends the utterance in progress as if its trailing silence had; its final, or null when none is in progress.</summary>
    public PendingFinal[]? Cut()
    {
        lock (_gate)
        {
            if (_endpointer.Cut() is not { } end)
            {
                return null;
            }

            End(end);
            return Ended();
        }
    }

    /// <summary>The stream ended: processes the last partial frame, ends the utterance and file window still open; returns their finals.</summary>
    public PendingFinal[] Flush()
    {
        lock (_gate)
        {
            Audio.Append(_frames.Partial);
            if (_endpointer.Flush(Audio.End) is { } end)
            {
                End(end);
            }

            AddFinal(_finals.Flushed());
            return Ended();
        }
    }

    /// <inheritdoc />
    public void Dispose() => (_detector as IDisposable)?.Dispose();

    /// <summary>The finals ended since the last call, in time order; the caller holds the lock.</summary>
    private PendingFinal[] Ended()
    {
        PendingFinal[] ended = [.. _ended];
        _ended.Clear();
        return ended;
    }

    private void Process(float[] frame)
    {
        var speech = _detector.IsSpeech(frame);
        lock (_gate)
        {
            Audio.Append(frame);
            _endpoints.Clear();
            _endpointer.Process(frame, speech, _endpoints);
            if (speech && Current is not null)
            {
                Current.LastSpeechAt = _clock.GetTimestamp();
            }

            _finals.Heard(Current, _endpointer.LastSpeechEnd);
            foreach (var e in _endpoints)
            {
                switch (e.Kind)
                {
                    case EndpointEventKind.SpeechStarted:
                        Current = new Utterance(++_statistics.Utterances, e.Start, e.End, _clock.GetTimestamp());
                        _events.TryWrite(new SpeechStartedEvent(Current.Id, AudioTime.FromSamples(e.End)));
                        break;
                    case EndpointEventKind.Paused:
                        if (Current is { } paused)
                        {
                            _finals.Paused(paused, e, _endpointer.LastSpeechEnd, Audio);
                        }

                        break;
                    default:
                        End(e);
                        break;
                }
            }

            if (!_endpointer.InUtterance)
            {
                AddFinal(_finals.Silent(Audio.End));

                // Keep what a detection that is still pending could reach back to, and a final's audio not yet queued.
                Audio.DropBefore(Math.Min(_finals.KeepFrom ?? long.MaxValue, Audio.End - _preRoll - Endpointer.DetectionWindowSamples));
            }
        }
    }

    /// <summary>
    /// Closes the utterance in progress: announces its end, aborts its interims, and queues the final its end makes
    /// (a live utterance's own; a file's utterance joins its window, and may close the one before).
    /// </summary>
    private void End(EndpointEvent end)
    {
        var utterance = Current!;
        Current = null;
        utterance.Finish();
        _events.TryWrite(new EndOfUtteranceEvent(utterance.Id, AudioTime.FromSamples(end.End)));
        if (AddFinal(_finals.Ended(utterance, end)) is { } final)
        {
            _finals.Queued(utterance, final);
        }
    }

    /// <summary>Queues a final over the audio of <paramref name="span"/> (an utterance, or a file window).</summary>
    private PendingFinal? AddFinal(FinalSpan? span)
    {
        if (span is null)
        {
            return null;
        }

        var samples = Audio.Slice(span.Start, span.End);
        _statistics.TranscribedSamples += samples.Length;
        var final = new PendingFinal(span.UtteranceId, span.Start, span.End, samples) { LastSpeechAt = span.LastSpeechAt };
        _ended.Add(final);
        return final;
    }
}
