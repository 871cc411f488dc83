using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Core.Inference;

/// <summary>Checks <c>Stt:Inference</c> at startup, naming each bad key and its allowed range.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InferenceOptions o) => new SettingChecks(InferenceOptions.Section)
        .NotNegative(nameof(o.Workers), o.Workers)
        .NotNegative(nameof(o.ThreadsPerWorker), o.ThreadsPerWorker)
        .NotNegative(nameof(o.AudioContextPadding), o.AudioContextPadding)
        .Check(o.MaxQueuedPasses > 0, nameof(o.MaxQueuedPasses), o.MaxQueuedPasses, "it must be 1 or more")
        .NotNegative(nameof(o.TrimAfterIdle), o.TrimAfterIdle)
        .NotNegative(nameof(o.GpuDevice), o.GpuDevice)
        .NotNegative(nameof(o.TemperatureIncrement), o.TemperatureIncrement)
        .Positive(nameof(o.EntropyThreshold), o.EntropyThreshold)
        .Check(o.BestOf >= 1, nameof(o.BestOf), o.BestOf, "it must be 1 or more")
        .NotNegative(nameof(o.MaxTokensPerSecond), o.MaxTokensPerSecond)
        .NotNegative(nameof(o.TokenCapMargin), o.TokenCapMargin)
        .Result;
}
