namespace Stt.Core.Streaming;

/// <summary>An interim pass over an utterance's audio so far.</summary>
/// <param name="Utterance">The utterance.</param>
/// <param name="Sequence">Its number among the utterance's interims: an older result never replaces a newer one.</param>
/// <param name="Samples">The utterance's audio so far.</param>
/// <param name="Cancellation">Cancelled when the utterance ends or the stream's passes are aborted.</param>
internal sealed record InterimPass(Utterance Utterance, int Sequence, float[] Samples, CancellationToken Cancellation);
