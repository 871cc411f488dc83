using Microsoft.Extensions.Configuration;

namespace Stt.Core.Streaming;

/// <summary>
/// Binds <see cref="StreamLifetimeOptions"/> from <c>Stt:Streams</c> and from the keys it replaced, so existing
/// configurations keep working. Where several name one setting, <c>Stt:Streams</c> wins, then <c>Stt:Api</c> (the
/// gRPC streams' keys), then <c>Stt:Sessions</c> (the browser sessions').
/// </summary>
internal static class StreamLifetimeConfiguration
{
    /// <summary>The older names of <see cref="StreamLifetimeOptions.IdleTimeout"/>, weakest first.</summary>
    public static readonly string[] OldIdleTimeoutKeys = ["Stt:Sessions:IdleTimeout", "Stt:Api:StreamIdleTimeout"];

    /// <summary>The older names of <see cref="StreamLifetimeOptions.MaxDuration"/>, weakest first.</summary>
    public static readonly string[] OldMaxDurationKeys = ["Stt:Sessions:MaxDuration", "Stt:Api:MaxStreamDuration"];

    /// <summary>Sets <paramref name="options"/> from <paramref name="configuration"/>: the old keys first, then the section.</summary>
    public static void Bind(StreamLifetimeOptions options, IConfiguration configuration)
    {
        foreach (var key in OldIdleTimeoutKeys)
        {
            options.IdleTimeout = configuration.GetValue(key, options.IdleTimeout);
        }

        foreach (var key in OldMaxDurationKeys)
        {
            options.MaxDuration = configuration.GetValue(key, options.MaxDuration);
        }

        configuration.GetSection(StreamLifetimeOptions.Section).Bind(options);
    }
}
