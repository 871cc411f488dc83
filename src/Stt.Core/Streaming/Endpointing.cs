namespace Stt.Core.Streaming;

/// <summary>
/// When an utterance starts and ends, and the audio kept around it: what the <see cref="Endpointer"/> and the
/// <see cref="Segmenter"/> use of <see cref="StreamingOptions"/> (and a live final's latency, timed from its tail).
/// </summary>
/// <param name="MinSpeech">Speech needed to start an utterance.</param>
/// <param name="EndOfUtteranceSilence">Trailing silence that ends an utterance.</param>
/// <param name="LongUtterance">Length after which <paramref name="LongUtteranceSilence"/> ends an utterance.</param>
/// <param name="LongUtteranceSilence">Trailing silence that ends a long utterance.</param>
/// <param name="MaxUtterance">Longest utterance.</param>
/// <param name="SpeculativeFinalAfter">Trailing silence after which the final pass may start; zero: never early.</param>
/// <param name="PreRoll">Audio kept before the detected start of speech.</param>
/// <param name="Tail">Audio kept after the last speech frame.</param>
public sealed record Endpointing(
    TimeSpan MinSpeech,
    TimeSpan EndOfUtteranceSilence,
    TimeSpan LongUtterance,
    TimeSpan LongUtteranceSilence,
    TimeSpan MaxUtterance,
    TimeSpan SpeculativeFinalAfter,
    TimeSpan PreRoll,
    TimeSpan Tail);
