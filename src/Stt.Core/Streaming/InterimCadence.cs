using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>When an utterance in progress gets its interims, and at what encoder context: what <see cref="InterimPolicy"/> and <see cref="Interims"/> use of <see cref="StreamingOptions"/>.</summary>
/// <param name="Context">The encoder context of interim passes.</param>
/// <param name="FirstAfter">Speech before the first interim.</param>
/// <param name="Interval">Shortest time between two interims.</param>
/// <param name="Growth">The interval grows to this share of the utterance's length.</param>
public sealed record InterimCadence(EncoderContext Context, TimeSpan FirstAfter, TimeSpan Interval, double Growth);
