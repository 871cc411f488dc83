using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Server.Sessions;

/// <summary>Checks the browser sessions' settings (<c>Stt:Sessions</c>) at startup, naming each bad key.</summary>
internal sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SessionOptions o) => new SettingChecks(SessionOptions.Section)
        .Positive(nameof(o.DetachedGrace), o.DetachedGrace)
        .Check(o.MaxOutOfOrderPushes > 0, nameof(o.MaxOutOfOrderPushes), o.MaxOutOfOrderPushes, "it must be 1 or more")
        .Check(o.MaxOutOfOrderBytes > 0, nameof(o.MaxOutOfOrderBytes), o.MaxOutOfOrderBytes, "it must be 1 or more")
        .Result;
}
