using Stt.Audio;

namespace Stt.Core.Streaming;

/// <summary>
/// Splits a stream into utterances from per-frame speech decisions: speech starts when most of the last
/// 200 ms is speech for at least <see cref="Endpointing.MinSpeech"/>; it ends after
/// <see cref="Endpointing.EndOfUtteranceSilence"/> of silence (the shorter
/// <see cref="Endpointing.LongUtteranceSilence"/> once it is longer than
/// <see cref="Endpointing.LongUtterance"/>), or, at
/// <see cref="Endpointing.MaxUtterance"/>, at the quietest frame of the utterance's second half. After
/// <see cref="Endpointing.SpeculativeFinalAfter"/> of silence it says where the utterance will end if speech
/// does not resume (<see cref="EndpointEventKind.Paused"/>), so its final can start early. Positions
/// are in samples from the start of the stream.
/// </summary>
public sealed class Endpointer
{
    private const int WindowFrames = 10;
    private const int Frame = StreamingOptions.FrameSamples;

    /// <summary>How far back from the current position a speech start can be detected, in samples.</summary>
    public const int DetectionWindowSamples = WindowFrames * Frame;
    private readonly Queue<bool> _window = new();
    private readonly List<double> _levels = [];
    private readonly int _minSpeechFrames;
    private readonly int _silenceFrames;
    private readonly int _longSilenceFrames;
    private readonly int _pauseFrames;
    private readonly long _longUtterance;
    private readonly long _maxUtterance;
    private readonly long _preRoll;
    private readonly long _tail;
    private int _windowSpeech;
    private int _silenceRun;
    private long _lastUtteranceEnd;
    private long _levelsStart;

    /// <summary>Creates an endpointer with these options.</summary>
    public Endpointer(Endpointing options)
    {
        _minSpeechFrames = Math.Clamp(Frames(options.MinSpeech), 1, WindowFrames);
        _silenceFrames = Math.Max(1, Frames(options.EndOfUtteranceSilence));
        _longSilenceFrames = Math.Clamp(Frames(options.LongUtteranceSilence), 1, _silenceFrames);
        // A pause is only worth announcing once the tail is complete (the final's audio is all there).
        _pauseFrames = options.SpeculativeFinalAfter <= TimeSpan.Zero ? 0 : Math.Max(Frames(options.SpeculativeFinalAfter), Frames(options.Tail));
        _longUtterance = Samples(options.LongUtterance);
        _maxUtterance = Math.Max(Frame * WindowFrames, Samples(options.MaxUtterance));
        _preRoll = Samples(options.PreRoll);
        _tail = Samples(options.Tail);
    }

    /// <summary>Samples seen so far.</summary>
    public long Position { get; private set; }

    /// <summary>True while an utterance is open.</summary>
    public bool InUtterance { get; private set; }

    /// <summary>Start of the open utterance's audio (pre-roll included).</summary>
    public long UtteranceStart { get; private set; }

    /// <summary>Where speech of the open utterance was detected.</summary>
    public long SpeechStart { get; private set; }

    /// <summary>End of the last speech frame of the open utterance.</summary>
    public long LastSpeechEnd { get; private set; }

    /// <summary>Feeds one frame and its speech decision; appends any events to <paramref name="events"/>.</summary>
    public void Process(ReadOnlySpan<float> frame, bool isSpeech, List<EndpointEvent> events)
    {
        Position += frame.Length;
        _window.Enqueue(isSpeech);
        _windowSpeech += isSpeech ? 1 : 0;
        if (_window.Count > WindowFrames && _window.Dequeue())
        {
            _windowSpeech--;
        }

        if (!InUtterance)
        {
            if (_windowSpeech >= _minSpeechFrames)
            {
                // Speech began at the first speech frame still in the window.
                var firstSpeech = Position - ((long)_window.Count * Frame) + ((long)_window.TakeWhile(s => !s).Count() * Frame);
                Open(firstSpeech, Math.Max(_lastUtteranceEnd, firstSpeech - _preRoll), events);
            }

            return;
        }

        _levels.Add(SignalLevel.Dbfs(frame));
        if (isSpeech)
        {
            _silenceRun = 0;
            LastSpeechEnd = Position;
        }
        else
        {
            var needed = LastSpeechEnd - UtteranceStart >= _longUtterance ? _longSilenceFrames : _silenceFrames;
            if (++_silenceRun >= needed)
            {
                Close(Math.Min(Position, LastSpeechEnd + _tail), EndReason.Silence, events);
                return;
            }

            if (_silenceRun == _pauseFrames)
            {
                events.Add(new EndpointEvent(EndpointEventKind.Paused, UtteranceStart, Math.Min(Position, LastSpeechEnd + _tail)));
            }
        }

        if (Position - UtteranceStart >= _maxUtterance)
        {
            var quietest = QuietestFrameInSecondHalf();
            var cut = _levelsStart + ((long)quietest * Frame) + (Frame / 2);
            Close(cut, EndReason.MaxLength, events);
            Open(cut, cut, events, continuing: true); // speech goes on: the rest belongs to the next utterance
            _levels.RemoveRange(0, quietest + 1);
            _levelsStart += (long)(quietest + 1) * Frame;
        }
    }

    /// <summary>Ends the open utterance, if any, at the end of the stream.</summary>
    public EndpointEvent? Flush(long streamEnd)
    {
        Position = Math.Max(Position, streamEnd);
        return InUtterance ? CloseNow(Position, EndReason.EndOfStream) : null;
    }

    /// <summary>
    /// Ends the open utterance, if any, where its tail after the last speech ends (at most here): the client said
    /// the turn is over. The stream goes on; the next speech opens a new utterance.
    /// </summary>
    public EndpointEvent? Cut() => InUtterance ? CloseNow(Math.Min(Position, LastSpeechEnd + _tail), EndReason.Requested) : null;

    private EndpointEvent CloseNow(long end, EndReason reason)
    {
        var events = new List<EndpointEvent>();
        Close(end, reason, events);
        return events[0];
    }

    private void Open(long speechStart, long utteranceStart, List<EndpointEvent> events, bool continuing = false)
    {
        InUtterance = true;
        SpeechStart = speechStart;
        UtteranceStart = utteranceStart;
        LastSpeechEnd = Position;
        _silenceRun = 0;
        if (!continuing)
        {
            // Levels are kept from here on (pre-roll frames are never cut points).
            _levels.Clear();
            _levelsStart = Position;
        }
        events.Add(new EndpointEvent(EndpointEventKind.SpeechStarted, utteranceStart, speechStart));
    }

    private void Close(long end, EndReason reason, List<EndpointEvent> events)
    {
        InUtterance = false;
        _lastUtteranceEnd = end;
        _window.Clear();
        _windowSpeech = 0;
        events.Add(new EndpointEvent(EndpointEventKind.UtteranceEnded, UtteranceStart, end, reason));
    }

    /// <summary>Index in <see cref="_levels"/> of the quietest frame in the utterance's second half; ties go to the later frame.</summary>
    private int QuietestFrameInSecondHalf()
    {
        var half = UtteranceStart + ((Position - UtteranceStart) / 2);
        var first = (int)Math.Clamp((half - _levelsStart) / Frame, 0, _levels.Count - 1);
        var quietest = first;
        for (var i = first; i < _levels.Count; i++)
        {
            if (_levels[i] <= _levels[quietest])
            {
                quietest = i;
            }
        }

        return quietest;
    }

    private static int Frames(TimeSpan duration) => (int)Math.Round(duration.TotalMilliseconds / 20);

    private static long Samples(TimeSpan duration) => (long)(duration.TotalSeconds * AudioTime.SampleRate);
}
