namespace Stt.Core.Inference;

/// <summary>A pass to schedule.</summary>
/// <param name="Samples">16 kHz mono audio.</param>
/// <param name="Options">Language, prompt and what to return.</param>
/// <param name="Priority">Finals run before interims.</param>
/// <param name="ReplaceKey">Interims only: a queued interim with the same key is replaced by this one (its caller gets null).</param>
/// <param name="Live">For a live stream (its cost counts toward the capacity of live streams), not a file.</param>
/// <param name="Model">The model to run it on; null: the default model.</param>
public sealed record InferenceRequest(
    float[] Samples, RecognitionOptions Options, PassPriority Priority, object? ReplaceKey = null, bool Live = false, Models.ModelLease? Model = null);
