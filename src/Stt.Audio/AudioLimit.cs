using System.Globalization;

namespace Stt.Audio;

/// <summary>A limit on audio, as time, with the setting that controls it, so a refusal can name both.</summary>
/// <param name="Value">The limit.</param>
/// <param name="Setting">What a user changes to raise it, e.g. <c>Stt:Api:MaxFileSeconds</c>.</param>
public sealed record AudioLimit(TimeSpan Value, string Setting)
{
    /// <summary>The value in seconds, as messages say it: "1800 s", "0.5 s".</summary>
    public string Amount => $"{Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    /// <summary>"1800 s (Stt:Api:MaxFileSeconds)".</summary>
    public override string ToString() => $"{Amount} ({Setting})";

    /// <summary>The limit in samples at <paramref name="rate"/> Hz, rounded down; never overflows (at most ~4.4e16 at 48 kHz).</summary>
    internal long ToSamples(int rate) =>
        (Value.Ticks / TimeSpan.TicksPerSecond * rate) + (Value.Ticks % TimeSpan.TicksPerSecond * rate / TimeSpan.TicksPerSecond);
}
