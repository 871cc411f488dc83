using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Server.OpenAi;

/// <summary>Checks <c>Stt:OpenAi</c> at startup, naming each bad key and its allowed range.</summary>
internal sealed class OpenAiOptionsValidator : IValidateOptions<OpenAiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OpenAiOptions o) => new SettingChecks(OpenAiOptions.Section)
        .Positive(nameof(o.MaxBufferedAudio), o.MaxBufferedAudio)
        .Positive(nameof(o.MaxPendingCommits), o.MaxPendingCommits)
        .Positive(nameof(o.MaxQueuedServerEvents), o.MaxQueuedServerEvents)
        .Result;
}
