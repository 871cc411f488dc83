namespace Stt.Core.Streaming;

/// <summary>What <see cref="InterimPolicy"/> needs of an utterance; positions in samples.</summary>
/// <param name="Start">Start of its audio.</param>
/// <param name="SpeechStart">Where speech was detected.</param>
/// <param name="LastInterimAt">Audio position of its last interim, if any.</param>
/// <param name="InFlight">An interim pass is running.</param>
/// <param name="Paused">A speculative final runs: the utterance is paused.</param>
public readonly record struct InterimState(long Start, long SpeechStart, long? LastInterimAt, bool InFlight, bool Paused);
