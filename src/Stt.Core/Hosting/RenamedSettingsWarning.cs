using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Stt.Core.Hosting;

/// <summary>
/// At startup, names every renamed key the configuration still uses (<see cref="RenamedSettings"/>), and says which value
/// wins where several keys name one setting with different values.
/// </summary>
public sealed partial class RenamedSettingsWarning(IConfiguration configuration, ILogger<RenamedSettingsWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var setting in RenamedSettings.All.GroupBy(renamed => renamed.New))
        {
            var keys = setting.Select(renamed => renamed.Old).Prepend(setting.Key).ToList();
            var set = keys.Where(key => configuration[key] is not null).ToList();
            foreach (var old in set.Where(key => key != setting.Key))
            {
                LogRenamed(logger, old, setting.Key);
            }

            if (set.Select(key => configuration[key]).Distinct().Count() > 1)
            {
                // The winner: the new key, else the strongest old key (the last of the table's order).
                var winner = set.Contains(setting.Key) ? setting.Key : set[^1];
                LogDisagree(logger, string.Join(", ", set.Select(key => $"{key}={configuration[key]}")), setting.Key, configuration[winner]!, winner);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Old} is an old name of {New}: it is still read; rename it")]
    private static partial void LogRenamed(ILogger logger, string old, string @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Keys} name one setting, {New}, with different values: {Value} (from {Winner}) applies")]
    private static partial void LogDisagree(ILogger logger, string keys, string @new, string value, string winner);
}
