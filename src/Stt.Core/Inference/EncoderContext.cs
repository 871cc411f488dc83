namespace Stt.Core.Inference;

/// <summary>How much of Whisper's 30-s encoder window a pass computes.</summary>
public enum EncoderContext
{
    /// <summary>The whole 30 s (1500 positions), as every vanilla Whisper model was trained: the accurate one.</summary>
    Full,

    /// <summary>
    /// The pass's audio plus padding: 3-5x cheaper for short windows, but a vanilla model may loop. A reduced pass of a
    /// model not declared to tolerate it is checked, and run again at the full context when it shows a loop.
    /// </summary>
    Reduced,
}
