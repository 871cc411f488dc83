using Stt.Audio;

namespace Stt.Core.Streaming;

/// <summary>
/// Cuts a stream's audio into utterances: frames it, asks the speech detector about each frame (<see cref="Detect"/>),
/// feeds the <see cref="Endpointer"/>, keeps the audio an utterance (or a file's open window) may still need, and says
/// what the audio did (<see cref="Advance"/>): speech started, an utterance ended, a final is ready (what its
/// <see cref="IStreamFinals"/> makes of an ended utterance or a closed file window). It takes no lock and writes no
/// event: its owner (the transcriber) holds its lock around <see cref="Advance"/>, <see cref="Cut"/>, <see cref="Flush"/>
/// and every read of <see cref="Audio"/> and <see cref="Current"/>, and publishes what they return.
/// </summary>
internal sealed class Segmenter : IDisposable
{
    private readonly IVoiceActivityDetector _detector;
    private readonly IStreamFinals _finals;
    private readonly FrameBuffer _frames = new();
    private readonly Endpointer _endpointer;
    private readonly List<EndpointEvent> _endpoints = [];
    private readonly long _preRoll;
    private readonly TimeProvider _clock;
    private List<StreamEvent> _announced = [];
    private List<PendingFinal> _ended = [];

    /// <param name="options">When utterances start and end, and the pre-roll kept.</param>
    /// <param name="detector">The stream's speech detector (disposed with this).</param>
    /// <param name="finals">What ended utterances become: a live stream's finals, or a file's windows.</param>
    /// <param name="clock">When speech was last heard, for a live final's latency.</param>
    public Segmenter(Endpointing options, IVoiceActivityDetector detector, IStreamFinals finals, TimeProvider clock)
    {
        _clock = clock;
        _detector = detector;
        _finals = finals;
        _endpointer = new Endpointer(options);
        _preRoll = AudioTime.ToSamples(options.PreRoll);
    }

    /// <summary>The stream's recent audio, by absolute sample position.</summary>
    public AudioWindow Audio { get; } = new();

    /// <summary>The utterance in progress, if any.</summary>
    public Utterance? Current { get; private set; }

    /// <summary>Samples processed so far.</summary>
    public long Position => _endpointer.Position;

    /// <summary>Utterances found so far (the last one's id).</summary>
    public uint Utterances { get; private set; }

    /// <summary>
    /// Cuts 16 kHz mono samples into whole frames and asks the speech detector about each. The detector is the one
    /// caller's that accepts audio: no lock is needed here.
    /// </summary>
    public IReadOnlyList<DetectedFrame> Detect(ReadOnlySpan<float> samples)
    {
        var frames = new List<DetectedFrame>();
        _frames.Append(samples, frame => frames.Add(new DetectedFrame([.. frame], _detector.IsSpeech(frame))));
        return frames;
    }

    /// <summary>Processes detected frames, in order: what they started and ended, and the finals ready now.</summary>
    public Segmented Advance(IReadOnlyList<DetectedFrame> frames)
    {
        foreach (var frame in frames)
        {
            Process(frame);
        }

        return TakeSegmented();
    }

    /// <summary>Ends the utterance in progress as if its trailing silence had; null when none is in progress.</summary>
    public Segmented? Cut()
    {
        if (_endpointer.Cut() is not { } end)
        {
            return null;
        }

        End(end);
        return TakeSegmented();
    }

    /// <summary>The stream ended: processes the last partial frame, ends the utterance and file window still open.</summary>
    public Segmented Flush()
    {
        Audio.Append(_frames.Partial);
        if (_endpointer.Flush(Audio.End) is { } end)
        {
            End(end);
        }

        AddFinal(_finals.Flushed());
        return TakeSegmented();
    }

    /// <inheritdoc />
    public void Dispose() => (_detector as IDisposable)?.Dispose();

    private Segmented TakeSegmented()
    {
        var segmented = new Segmented(_announced, _ended);
        (_announced, _ended) = ([], []);
        return segmented;
    }

    private void Process(DetectedFrame frame)
    {
        Audio.Append(frame.Samples);
        _endpoints.Clear();
        _endpointer.Process(frame.Samples, frame.Speech, _endpoints);
        if (frame.Speech && Current is not null)
        {
            Current.LastSpeechAt = _clock.GetTimestamp();
        }

        _finals.Heard(Current, _endpointer.LastSpeechEnd);
        foreach (var e in _endpoints)
        {
            switch (e.Kind)
            {
                case EndpointEventKind.SpeechStarted:
                    Current = new Utterance(++Utterances, e.Start, e.End, _clock.GetTimestamp());
                    _announced.Add(new SpeechStartedEvent(Current.Id, AudioTime.FromSamples(e.End)));
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

    /// <summary>
    /// Closes the utterance in progress: announces its end, aborts its interims, and readies the final its end makes
    /// (a live utterance's own; a file's utterance joins its window, and may close the one before).
    /// </summary>
    private void End(EndpointEvent end)
    {
        var utterance = Current!;
        Current = null;
        utterance.Finish();
        _announced.Add(new EndOfUtteranceEvent(utterance.Id, AudioTime.FromSamples(end.End)));
        if (AddFinal(_finals.Ended(utterance, end)) is { } final)
        {
            _finals.Queued(utterance, final);
        }
    }

    /// <summary>Readies a final over the audio of <paramref name="span"/> (an utterance, or a file window).</summary>
    private PendingFinal? AddFinal(FinalSpan? span)
    {
        if (span is null)
        {
            return null;
        }

        var final = new PendingFinal(span.UtteranceId, span.Start, span.End, Audio.Slice(span.Start, span.End)) { LastSpeechAt = span.LastSpeechAt };
        _ended.Add(final);
        return final;
    }
}
