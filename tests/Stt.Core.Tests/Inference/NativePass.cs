namespace Stt.Core.Tests.Inference;

/// <summary>One <c>whisper_full</c> call as whisper.cpp accounts for it.</summary>
/// <param name="EncodeMs">Encoder time.</param>
/// <param name="DecodeMs">Decoder time: single-token, batched and prompt decodes together.</param>
/// <param name="SampleMs">Sampling and logit filtering.</param>
/// <param name="WallMs">The whole call, from managed code (mel spectrogram included).</param>
/// <param name="Fallbacks">Decodes repeated at a higher temperature (whisper.cpp's "fallbacks", p + h).</param>
/// <param name="DecoderRuns">Tokens the decoder computed (a batch of n counts n; the prompt counts once).</param>
/// <param name="Tokens">Every token of every segment, timestamps included.</param>
/// <param name="Segments">Segments with their times and text.</param>
internal sealed record NativePass(
    double EncodeMs,
    double DecodeMs,
    double SampleMs,
    double WallMs,
    int Fallbacks,
    int DecoderRuns,
    IReadOnlyList<int> Tokens,
    IReadOnlyList<(TimeSpan Start, TimeSpan End, string Text)> Segments);
