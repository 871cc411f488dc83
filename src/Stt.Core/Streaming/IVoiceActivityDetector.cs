namespace Stt.Core.Streaming;

/// <summary>Decides, frame by frame, whether a 16 kHz frame holds speech. One instance per stream (it may adapt).</summary>
public interface IVoiceActivityDetector
{
    /// <summary>Classifies one frame of <see cref="StreamingOptions.FrameSamples"/> samples.</summary>
    bool IsSpeech(ReadOnlySpan<float> frame);
}
