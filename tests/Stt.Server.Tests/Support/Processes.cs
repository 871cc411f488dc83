using System.Diagnostics;

namespace Stt.Server.Tests.Support;

/// <summary>Runs a command to completion with a timeout, capturing its output.</summary>
public static class Processes
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(
        string file, IEnumerable<string> arguments, string? workingDirectory = null, string? stdin = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>True when <paramref name="command"/> can be started.</summary>
    public static bool Exists(string command) =>
        Path.IsPathRooted(command)
            ? File.Exists(command)
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, command)));

    /// <summary>
    /// Runs `npm ci` in <paramref name="folder"/> unless its node_modules exists and holds every package of
    /// <paramref name="required"/>; false when npm is missing or fails.
    /// </summary>
    public static async Task<bool> EnsureNpmPackagesAsync(string folder, params string[] required)
    {
        var modules = Path.Combine(folder, "node_modules");
        if (Directory.Exists(modules) && required.All(package => Directory.Exists(Path.Combine(modules, package))))
        {
            return true;
        }

        if (!Exists("npm"))
        {
            return false;
        }

        var result = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder, timeout: TimeSpan.FromMinutes(3));
        return result.ExitCode == 0;
    }
}
