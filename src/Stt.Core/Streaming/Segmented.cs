namespace Stt.Core.Streaming;

/// <summary>What a step of the <see cref="Segmenter"/> found: what to tell the client now, in order, and the finals ready to queue, in time order.</summary>
/// <param name="Announced">Speech started and utterances ended.</param>
/// <param name="Ended">Finals ready for their passes: utterances that ended, or file windows that closed.</param>
internal sealed record Segmented(IReadOnlyList<StreamEvent> Announced, IReadOnlyList<PendingFinal> Ended);
