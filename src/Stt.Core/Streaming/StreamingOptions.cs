using Stt.Core.Detection;

namespace Stt.Core.Streaming;

/// <summary>
/// Endpointing, interims, speech detection and file windows: the section <c>Stt:Streaming</c>, bound once, at startup,
/// and checked key by key (<see cref="StreamingOptionsValidator"/>); one stream's own tuning is a copy made with
/// <c>with</c>. Each consumer takes its own part: <see cref="Endpointing"/>, <see cref="Interims"/>,
/// <see cref="FileWindows"/> (the speech detectors read the <c>Vad</c> keys).
/// </summary>
public sealed record StreamingOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Streaming";

    /// <summary>Samples per voice-activity frame: 20 ms at 16 kHz.</summary>
    public const int FrameSamples = 320;

    /// <summary>
    /// The encoder context of interim passes. Interims are provisional (the final, always at the full context, replaces
    /// them), so by default they run at a reduced context, 3-5x cheaper for short windows; a reduced pass that shows the
    /// signature of a loop is thrown away and run again at the full context (counted in
    /// <c>stt_context_fallbacks_total</c>), and no word is marked stable on a reduced pass's say. <c>Full</c>: every
    /// interim at the full context (load-adaptive cadence thins them under load). Default Reduced.
    /// </summary>
    public Inference.EncoderContext InterimContext { get; init; } = Inference.EncoderContext.Reduced;

    /// <summary>Trailing silence that ends an utterance and triggers its final. Default 600 ms.</summary>
    public TimeSpan EndOfUtteranceSilence { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Longest utterance; at this length a final is forced at the quietest recent point. Default 20 s.</summary>
    public TimeSpan MaxUtterance { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Utterance length after which a shorter pause (<see cref="LongUtteranceSilence"/>) ends it: a final pass
    /// costs in proportion to its audio, so long utterances are closed at the next phrase break. Default 6 s.
    /// </summary>
    public TimeSpan LongUtterance { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Trailing silence that ends an utterance longer than <see cref="LongUtterance"/>. Default 300 ms.</summary>
    public TimeSpan LongUtteranceSilence { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Trailing silence after which the final pass starts speculatively, before the utterance is known to have
    /// ended: if speech does not resume, the final is ready sooner (by the rest of <see cref="EndOfUtteranceSilence"/>);
    /// if it does, the pass is aborted. Only started when a worker is free. Zero turns it off. Default 300 ms.
    /// </summary>
    public TimeSpan SpeculativeFinalAfter { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Speech needed to start an utterance (shorter blips are ignored). Default 100 ms.</summary>
    public TimeSpan MinSpeech { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Audio kept before the detected start of speech, so soft onsets are not clipped. Default 300 ms.</summary>
    public TimeSpan PreRoll { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Audio kept after the last speech frame (trailing consonants). Default 200 ms.</summary>
    public TimeSpan Tail { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often an utterance in progress is re-transcribed for interims. Default 1 s.</summary>
    public TimeSpan InterimInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The interim interval grows with the utterance to this share of its length (at least <see cref="InterimInterval"/>),
    /// so re-transcribing a growing window costs linear rather than quadratic time. Default 0.25.
    /// </summary>
    public double InterimIntervalGrowth { get; init; } = 0.25;

    /// <summary>Speech before the first interim of an utterance. Default 500 ms.</summary>
    public TimeSpan FirstInterimAfter { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The speech detector: <see cref="VoiceActivityDetection.Silero"/> (default; a neural network that keeps noise
    /// and music from the model) or <see cref="VoiceActivityDetection.Energy"/> (no model file; loud noise passes).
    /// </summary>
    public VoiceActivityDetection Vad { get; init; } = VoiceActivityDetection.Silero;

    /// <summary>Silero model file (ggml). Empty: the bundled v6.2.0 file beside the server. Default empty.</summary>
    public string? VadModel { get; init; }

    /// <summary>Silero: speech probability at which speech starts (it ends 0.15 lower), 0 to 1. Default 0.5.</summary>
    public double VadThreshold { get; init; } = 0.5;

    /// <summary>
    /// Silero: detector contexts kept for the next streams when no stream holds them (each costs 20-70 ms to make and
    /// holds native memory); more are freed as their streams end. 0 keeps none. Default 8.
    /// </summary>
    public int MaxIdleVadContexts { get; init; } = 8;

    /// <summary>Energy detector: level above the adaptive noise floor that counts as speech, dB. Default 9.</summary>
    public double VadThresholdDb { get; init; } = 9;

    /// <summary>Energy detector: quietest level that can be speech, dBFS. Default -50.</summary>
    public double VadMinSpeechDbfs { get; init; } = -50;

    /// <summary>
    /// Files: consecutive utterances are transcribed together in one pass over a window of up to this length (Whisper
    /// works on windows of up to 30 s; the encoder's context, sized to the audio plus padding, must stay under its
    /// 1500 frames). Default 28 s.
    /// </summary>
    public TimeSpan FileWindow { get; init; } = TimeSpan.FromSeconds(28);

    /// <summary>Files: a pause longer than this between utterances starts a new window (silence is not sent to the model). Default 2 s.</summary>
    public TimeSpan FileWindowGap { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Finals of one stream queued or running at once before the stream's input is slowed. Default 4.</summary>
    public int MaxPendingFinalsPerStream { get; init; } = 4;

    /// <summary>The endpointer's and segmenter's part.</summary>
    public Endpointing Endpointing => new(MinSpeech, EndOfUtteranceSilence, LongUtterance, LongUtteranceSilence, MaxUtterance, SpeculativeFinalAfter, PreRoll, Tail);

    /// <summary>The interims' part.</summary>
    public InterimCadence Interims => new(InterimContext, FirstInterimAfter, InterimInterval, InterimIntervalGrowth);

    /// <summary>A file's windows.</summary>
    public FileWindowing FileWindows => new(FileWindow, FileWindowGap);
}
