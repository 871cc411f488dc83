using Microsoft.Extensions.Configuration;
using Stt.Core.Hosting;

namespace Stt.Core.Streaming;

/// <summary>
/// Binds <see cref="StreamLifetimeOptions"/> from <c>Stt:Streams</c> and from the keys it replaced
/// (<see cref="RenamedSettings"/>), so existing configurations keep working. Where several name one setting,
/// <c>Stt:Streams</c> wins, then <c>Stt:Api</c> (the gRPC streams' keys), then <c>Stt:Sessions</c> (the browser sessions').
/// </summary>
internal static class StreamLifetimeConfiguration
{
    /// <summary>Sets <paramref name="options"/> from <paramref name="configuration"/>: the old keys first, then the section.</summary>
    public static void Bind(StreamLifetimeOptions options, IConfiguration configuration)
    {
        options.IdleTimeout = RenamedSettings.FromOldKeys(configuration, $"{StreamLifetimeOptions.Section}:{nameof(options.IdleTimeout)}", options.IdleTimeout);
        options.MaxDuration = RenamedSettings.FromOldKeys(configuration, $"{StreamLifetimeOptions.Section}:{nameof(options.MaxDuration)}", options.MaxDuration);
        configuration.GetSection(StreamLifetimeOptions.Section).Bind(options);
    }
}
