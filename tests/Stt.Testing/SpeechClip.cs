namespace Stt.Testing;

/// <summary>A clip of speech at 16 kHz mono, with where it came from.</summary>
/// <param name="Samples">16 kHz mono samples.</param>
/// <param name="Source">"jfk.wav (real speech)", "espeak-ng", or "generated tones".</param>
/// <param name="Transcript">Reference text, when known.</param>
public sealed record SpeechClip(float[] Samples, string Source, string? Transcript)
{
    /// <summary>Length of the clip.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples.Length / 16000.0);
}
