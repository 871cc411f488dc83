namespace Stt.Core.Inference;

/// <summary>The scheduler's queue is full: the server has more work than it can start.</summary>
public sealed class InferenceQueueFullException(int capacity)
    : Exception($"the server is at capacity ({capacity} transcription passes queued); retry shortly");
