using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>What a stream's client asked for, validated.</summary>
/// <param name="Recognition">Language, translation, prompt, word timings.</param>
/// <param name="InterimResults">Send interims while an utterance is in progress.</param>
/// <param name="Pacing">How fast the client sends audio: live (the default) or a recording at full speed.</param>
public sealed record StreamRequest(RecognitionOptions Recognition, bool InterimResults, StreamPacing Pacing = StreamPacing.Live);
