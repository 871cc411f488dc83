namespace Stt.Audio;

/// <summary>A whole file decoded to 16 kHz mono.</summary>
/// <param name="Samples">16 kHz mono samples in [-1, 1].</param>
/// <param name="Format">What the file was ("WAV PCM 16-bit 44100 Hz stereo", "Ogg Opus 48000 Hz mono", ...).</param>
/// <param name="PacketsConcealed">Opus packets that were corrupt and concealed (0 for PCM).</param>
public sealed record DecodedAudio(float[] Samples, string Format, int PacketsConcealed = 0)
{
    /// <summary>Length of the audio.</summary>
    public TimeSpan Duration => AudioTime.FromSamples(Samples.Length);
}
