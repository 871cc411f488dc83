using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Server.Api;

/// <summary>Checks <c>Stt:Api</c> at startup, naming each bad key and its allowed range.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ApiOptions o) => new SettingChecks(ApiOptions.Section)
        .Positive(nameof(o.MaxMessageBytes), o.MaxMessageBytes)
        .Positive(nameof(o.MaxFileBytes), o.MaxFileBytes)
        .Positive(nameof(o.MaxFileSeconds), o.MaxFileSeconds)
        .Positive(nameof(o.MaxConcealedRun), o.MaxConcealedRun)
        .Positive(nameof(o.MaxConversions), o.MaxConversions)
        .Positive(nameof(o.ConversionTimeout), o.ConversionTimeout)
        .Positive(nameof(o.MaxPromptBytes), o.MaxPromptBytes)
        .Positive(nameof(o.MaxClientRequestIdLength), o.MaxClientRequestIdLength)
        .Result;
}
