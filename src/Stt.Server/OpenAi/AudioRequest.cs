using Stt.Core.Inference;
using Stt.Core.Models;

namespace Stt.Server.OpenAi;

/// <summary>A validated <c>/v1/audio/transcriptions</c> or <c>/v1/audio/translations</c> request.</summary>
/// <param name="File">The uploaded file's bytes.</param>
/// <param name="Recognition">Language (or auto), translation, prompt, word timings.</param>
/// <param name="Format">How to answer.</param>
/// <param name="Stream">Answer with server-sent events as finals come.</param>
/// <param name="Model">The model it named, held until the caller disposes it.</param>
internal sealed record AudioRequest(ReadOnlyMemory<byte> File, RecognitionOptions Recognition, TranscriptFormat Format, bool Stream, ModelLease Model);
