using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Core.Streaming;

/// <summary>Checks how long live streams live (<c>Stt:Streams</c>) at startup, naming each bad key.</summary>
internal sealed class StreamLifetimeOptionsValidator : IValidateOptions<StreamLifetimeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StreamLifetimeOptions o) => new SettingChecks(StreamLifetimeOptions.Section)
        .Positive(nameof(o.IdleTimeout), o.IdleTimeout)
        .Positive(nameof(o.MaxDuration), o.MaxDuration)
        .Result;
}
