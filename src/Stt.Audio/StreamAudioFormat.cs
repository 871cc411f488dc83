namespace Stt.Audio;

/// <summary>How a live stream's audio is encoded.</summary>
/// <param name="Encoding">Opus packets or 16-bit PCM.</param>
/// <param name="SampleRate">Hz: for Opus the encoder's rate (8/12/16/24/48 kHz); for PCM 8000-48000.</param>
/// <param name="Channels">1 or 2; stereo is downmixed.</param>
public sealed record StreamAudioFormat(StreamEncoding Encoding, int SampleRate, int Channels)
{
    /// <summary>Lowest PCM rate accepted, Hz.</summary>
    public const int MinPcmRate = 8000;

    /// <summary>Highest PCM rate accepted, Hz.</summary>
    public const int MaxPcmRate = 48000;

    /// <summary>Returns why this format cannot be served, or null when it can.</summary>
    public string? Validate()
    {
        if (Channels is not (1 or 2))
        {
            return $"channels {Channels} is not supported; use 1 (mono) or 2 (stereo, downmixed)";
        }

        return Encoding switch
        {
            StreamEncoding.Opus when !OpusRates.Supported.Contains(SampleRate) =>
                $"sample rate {SampleRate} is not supported for OPUS; use {string.Join(", ", OpusRates.Supported.Take(4))} or {OpusRates.Supported[^1]}",
            StreamEncoding.Linear16 when SampleRate is < MinPcmRate or > MaxPcmRate =>
                $"sample rate {SampleRate} is not supported for LINEAR16; use {MinPcmRate} to {MaxPcmRate} Hz",
            _ => null,
        };
    }
}
