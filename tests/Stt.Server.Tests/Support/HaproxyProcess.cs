using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Stt.Testing;

namespace Stt.Server.Tests.Support;

/// <summary>
/// Debian's HAProxy running deploy/haproxy/haproxy.cfg as shipped, with only the replicas' addresses (and each one's
/// HTTP port for its health check) and the two listening ports put in (loopback).
/// </summary>
public sealed partial class HaproxyProcess : IProxyProcess
{
    private readonly Process _process;
    private readonly string _config;
    private readonly StringBuilder _log = new();

    private HaproxyProcess(Process process, string config, int grpcPort)
    {
        _process = process;
        _config = config;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string Executable => File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";

    public static string ShippedConfig => Path.Combine(RepositoryPaths.Root, "deploy", "haproxy", "haproxy.cfg");

    public static bool IsInstalled => Processes.Exists(Executable);

    public Uri GrpcAddress { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<HaproxyProcess> StartAsync(IReadOnlyList<ServerProcess> replicas)
    {
        var (grpcPort, webPort) = (FreePorts.Next(), FreePorts.Next());
        var config = Path.Combine(Path.GetTempPath(), $"stt-haproxy-{Guid.NewGuid():N}.cfg");
        File.WriteAllText(config, Configure(File.ReadAllText(ShippedConfig), replicas, grpcPort, webPort));
        var check = await Processes.RunAsync(Executable, ["-c", "-f", config]);
        Assert.That(check.ExitCode, Is.Zero, $"haproxy -c: {check.Stdout}{check.Stderr}");
        var process = Process.Start(new ProcessStartInfo(Executable, ["-db", "-f", config]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var haproxy = new HaproxyProcess(process, config, grpcPort);
        try
        {
            await FreePorts.WaitUntilListeningAsync(grpcPort, TimeSpan.FromSeconds(20), () => haproxy.Log);
            await FreePorts.WaitUntilListeningAsync(webPort, TimeSpan.FromSeconds(20), () => haproxy.Log);
            return haproxy;
        }
        catch
        {
            haproxy.Dispose();
            throw;
        }
    }

    /// <summary>The shipped file with the test's addresses; fails if the file no longer has the shape this relies on.</summary>
    public static string Configure(string shipped, IReadOnlyList<ServerProcess> replicas, int grpcPort, int webPort)
    {
        var grpc = string.Concat(replicas.Select((r, i) => $"    server stt-{i + 1} {r.GrpcAddress.Host}:{r.GrpcAddress.Port} proto h2 port {r.WebAddress.Port}\n"));
        var web = string.Concat(replicas.Select((r, i) => $"    server stt-{i + 1} {r.WebAddress.Host}:{r.WebAddress.Port}\n"));
        var text = Replace(shipped, GrpcServers(), m => m.Groups["head"].Value + grpc);
        text = Replace(text, WebServers(), m => m.Groups["head"].Value + web);
        text = Replace(text, GrpcBind(), _ => $"bind 127.0.0.1:{grpcPort} proto h2");
        return Replace(text, WebBind(), _ => $"bind 127.0.0.1:{webPort}\n");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        File.Delete(_config);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static string Replace(string text, Regex pattern, MatchEvaluator replacement) =>
        pattern.IsMatch(text) ? pattern.Replace(text, replacement, 1) : throw new InvalidOperationException($"deploy/haproxy/haproxy.cfg has no match for {pattern}");

    [GeneratedRegex(@"(?<head>backend stt_grpc\n(?:    (?!server ).*\n)*)(    server .*\n)+")]
    private static partial Regex GrpcServers();

    [GeneratedRegex(@"(?<head>backend stt_web\n(?:    (?!server ).*\n)*)(    server .*\n)+")]
    private static partial Regex WebServers();

    [GeneratedRegex(@"bind :50051 proto h2")]
    private static partial Regex GrpcBind();

    [GeneratedRegex(@"bind :8080\n")]
    private static partial Regex WebBind();
}
