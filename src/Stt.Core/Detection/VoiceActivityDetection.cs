namespace Stt.Core.Detection;

/// <summary>Which speech detector gates the model (<c>Stt:Streaming:Vad</c>).</summary>
public enum VoiceActivityDetection
{
    /// <summary>Silero VAD, a neural network that tells speech from noise and music (the default).</summary>
    Silero,

    /// <summary>Level above an adaptive noise floor: no model file needed, but loud noise counts as speech.</summary>
    Energy,
}
