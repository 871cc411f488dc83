using Microsoft.Extensions.Configuration;

namespace Stt.Core.Hosting;

/// <summary>
/// Configuration keys that were renamed. The old keys are still read, under the new key (which wins when both are set),
/// and <see cref="RenamedSettingsWarning"/> names each one found at startup.
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
    /// <paramref name="value"/> as the old keys of <paramref name="key"/> set it, the stronger over the weaker; binding
    /// the new key afterwards overrides them.
    /// </summary>
    public static T FromOldKeys<T>(IConfiguration configuration, string key, T value)
    {
        foreach (var (old, _) in All.Where(renamed => renamed.New == key))
        {
            value = configuration.GetValue(old, value)!;
        }

        return value;
    }
}
