using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Core.Streaming;

/// <summary>Checks <c>Stt:Streaming</c> at startup, naming each bad key and its allowed range.</summary>
internal sealed class StreamingOptionsValidator : IValidateOptions<StreamingOptions>
{
    /// <summary>Whisper's window: no utterance or file window may pass it.</summary>
    private static readonly TimeSpan LongestPass = TimeSpan.FromSeconds(29);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StreamingOptions o) => new SettingChecks(StreamingOptions.Section)
        .Positive(nameof(o.EndOfUtteranceSilence), o.EndOfUtteranceSilence)
        .Within(nameof(o.MaxUtterance), o.MaxUtterance, TimeSpan.FromSeconds(1), LongestPass)
        .Positive(nameof(o.InterimInterval), o.InterimInterval)
        .NotNegative(nameof(o.InterimIntervalGrowth), o.InterimIntervalGrowth)
        .Named(nameof(o.InterimContext), o.InterimContext)
        .Check(o.MaxPendingFinalsPerStream > 0, nameof(o.MaxPendingFinalsPerStream), o.MaxPendingFinalsPerStream, "it must be 1 or more")
        .Named(nameof(o.Vad), o.Vad)
        .Between(nameof(o.VadThreshold), o.VadThreshold, 0, 1)
        .Check(o.MaxIdleVadContexts >= 0, nameof(o.MaxIdleVadContexts), o.MaxIdleVadContexts, "it must not be negative")
        .Check(o.FileWindow >= o.MaxUtterance && o.FileWindow <= LongestPass, nameof(o.FileWindow), o.FileWindow,
            $"it must be from MaxUtterance ({o.MaxUtterance}) to {LongestPass}")
        .NotNegative(nameof(o.FileWindowGap), o.FileWindowGap)
        .Result;
}
