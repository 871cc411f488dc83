using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Core.Admission;

/// <summary>Checks <c>Stt:Admission</c> at startup, naming each bad key and its allowed range.</summary>
internal sealed class AdmissionOptionsValidator : IValidateOptions<AdmissionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AdmissionOptions o) => new SettingChecks(AdmissionOptions.Section)
        .Positive(nameof(o.FinalLatencyBound), o.FinalLatencyBound)
        .Check(o.TargetUtilization is > 0 and <= 1, nameof(o.TargetUtilization), o.TargetUtilization, "it must be above 0 and at most 1")
        .Check(o.MaxStreams >= 0, nameof(o.MaxStreams), o.MaxStreams, "it must not be negative (0: no ceiling)")
        .Check(o.MeasurementWindow >= TimeSpan.FromSeconds(5), nameof(o.MeasurementWindow), o.MeasurementWindow, "it must be 00:00:05 or more")
        .Result;
}
