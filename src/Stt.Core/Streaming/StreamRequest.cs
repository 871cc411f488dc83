using Stt.Core.Inference;
using Stt.Core.Models;

namespace Stt.Core.Streaming;

/// <summary>What a stream's client asked for, validated.</summary>
/// <param name="Recognition">Language, translation, prompt, word timings.</param>
/// <param name="InterimResults">Send interims while an utterance is in progress.</param>
/// <param name="Pacing">How fast the client sends audio: live (the default) or a recording at full speed.</param>
/// <param name="Model">The model its passes run on, held by the caller for the stream's life; null: the default model.</param>
public sealed record StreamRequest(RecognitionOptions Recognition, bool InterimResults, StreamPacing Pacing = StreamPacing.Live, ModelLease? Model = null);
