namespace Stt.Audio;

/// <summary>Sample rates an Opus encoder can run at.</summary>
public static class OpusRates
{
    /// <summary>8, 12, 16, 24 and 48 kHz.</summary>
    public static IReadOnlyList<int> Supported { get; } = [8000, 12000, 16000, 24000, 48000];

    /// <summary>Largest Opus packet (RFC 6716, 3.4).</summary>
    public const int MaxPacketBytes = 1275;
}
