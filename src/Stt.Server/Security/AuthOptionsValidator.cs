using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Server.Security;

/// <summary>Checks <c>Stt:Auth</c> at startup, naming each bad key and what it allows.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuthOptions o) => new SettingChecks(AuthOptions.Section)
        .NotNegative(nameof(o.ConcurrentStreamsPerKey), o.ConcurrentStreamsPerKey)
        .NotNegative(nameof(o.ConcurrentFilesPerKey), o.ConcurrentFilesPerKey)
        .NotNegative(nameof(o.RequestsPerMinutePerKey), o.RequestsPerMinutePerKey)
        .Check(o.ApiKeysFile is null or { Length: 0 } || File.Exists(o.ApiKeysFile), nameof(o.ApiKeysFile), o.ApiKeysFile ?? string.Empty, "it must name a file that exists")
        .Result;
}
