using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Core.Streaming;

/// <summary>Checks how long live streams live (<c>Stt:Streams</c>) at startup, naming each bad key.</summary>
internal sealed class StreamLifetimeOptionsValidator : IValidateOptions<StreamLifetimeOptions>
{
    private static readonly string Range = $"it must be longer than zero and at most {StreamLifetime.LongestWait}";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StreamLifetimeOptions o) => new SettingChecks(StreamLifetimeOptions.Section)
        .Check(o.IdleTimeout > TimeSpan.Zero && o.IdleTimeout <= StreamLifetime.LongestWait, nameof(o.IdleTimeout), o.IdleTimeout, Range)
        .Check(o.MaxDuration > TimeSpan.Zero && o.MaxDuration <= StreamLifetime.LongestWait, nameof(o.MaxDuration), o.MaxDuration, Range)
        .Result;
}
