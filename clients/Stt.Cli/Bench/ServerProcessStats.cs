using System.Globalization;

namespace Stt.Cli.Bench;

/// <summary>CPU time and memory of a local server process, read from /proc (Linux).</summary>
internal sealed class ServerProcessStats(int pid)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    public int Pid { get; } = pid;

    /// <summary>The process running Stt.Server on this machine, if exactly one does.</summary>
    public static ServerProcessStats? FindLocal()
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        var candidates = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1)
            .Where(pid => pid > 0 && pid != Environment.ProcessId)
            .Where(pid =>
            {
                try
                {
                    var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
                    return cmdline.Contains("Stt.Server", StringComparison.Ordinal) && !cmdline.Contains("dotnet\0run", StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            })
            .ToList();
        return candidates.Count == 1 ? new ServerProcessStats(candidates[0]) : null;
    }

    /// <summary>User + system CPU seconds so far.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    /// <summary>Resident memory now, MB.</summary>
    public double RssMb() => StatusKb("VmRSS") / 1024.0;

    /// <summary>Memory, threads and open file descriptors now.</summary>
    public ProcessSnapshot Snapshot() =>
        new(RssMb(), (int)StatusKb("Threads"), Directory.GetFileSystemEntries($"/proc/{Pid}/fd").Length);

    private long StatusKb(string key)
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
