namespace Stt.Core.Models;

/// <summary>What a synthetic model's decoder does.</summary>
public enum SyntheticDecoder
{
    /// <summary>
    /// Random weights, like the encoder: a confused decoder that emits a few random tokens, fails Whisper's
    /// log-probability test and so decodes every pass again at five more temperatures.
    /// </summary>
    Random,

    /// <summary>
    /// Weights that make it emit a fixed word sequence, three words per second of audio with timestamps every
    /// second, confidently (no temperature fallback): it decodes as many tokens as a real model on speech.
    /// </summary>
    Scripted,
}
