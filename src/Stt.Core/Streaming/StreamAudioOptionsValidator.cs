using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Core.Streaming;

/// <summary>Checks the live streams' audio limits (<c>Stt:Streams</c>) at startup, naming each bad key.</summary>
internal sealed class StreamAudioOptionsValidator : IValidateOptions<StreamAudioOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StreamAudioOptions o) => new SettingChecks(StreamAudioOptions.Section)
        .Check(o.MaxMessageSeconds > 0, nameof(o.MaxMessageSeconds), o.MaxMessageSeconds, "it must be 1 or more")
        .Positive(nameof(o.MaxConcealedRun), o.MaxConcealedRun)
        .Positive(nameof(o.MaxAheadOfRealTime), o.MaxAheadOfRealTime)
        .Result;
}
