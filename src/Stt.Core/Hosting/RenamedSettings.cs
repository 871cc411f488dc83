using Microsoft.Extensions.Configuration;

namespace Stt.Core.Hosting;

/// <summary>
/// Configuration keys that were renamed: this table is the one place they are listed. Settings are bound through
/// <see cref="WithOldKeys"/>, which reads each old key under its new name (the new key wins when both are set), and
/// <see cref="RenamedSettingsWarning"/> names each old key found at startup.
/// </summary>
public static class RenamedSettings
{
    /// <summary>Each old key and the key that replaced it; where two old keys name one setting, the weaker first.</summary>
    public static readonly IReadOnlyList<(string Old, string New)> All =
    [
        ("Stt:Sessions:IdleTimeout", "Stt:Streams:IdleTimeout"),
        ("Stt:Api:StreamIdleTimeout", "Stt:Streams:IdleTimeout"),
        ("Stt:Sessions:MaxDuration", "Stt:Streams:MaxDuration"),
        ("Stt:Api:MaxStreamDuration", "Stt:Streams:MaxDuration"),
        ("Stt:Inference:MaxQueuedJobs", "Stt:Inference:MaxQueuedPasses"),
    ];

    /// <summary>
    /// <paramref name="configuration"/> as settings are bound from it: every key it sets, and under each new key the value
    /// of its strongest old key unless the new key is set itself.
    /// </summary>
    public static IConfiguration WithOldKeys(IConfiguration configuration)
    {
        var renamed = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (old, @new) in All)
        {
            if (configuration[old] is { } value)
            {
                renamed[@new] = value; // a stronger old key comes later in the table and replaces a weaker one
            }
        }

        return new ConfigurationBuilder()
            .AddInMemoryCollection(renamed)
            .AddConfiguration(configuration, shouldDisposeConfiguration: false)
            .Build();
    }
}
