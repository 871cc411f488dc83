using System.Diagnostics;
using System.Text.RegularExpressions;
using Stt.Testing;

namespace Stt.Server.Tests.Support;

/// <summary>
/// Debian's nginx running deploy/nginx/stt.conf as shipped, with only the replicas' addresses and the two listening
/// ports put in (loopback), in a folder of its own.
/// </summary>
public sealed partial class NginxProcess : IProxyProcess
{
    private readonly Process _process;
    private readonly string _folder;

    private NginxProcess(Process process, string folder, int grpcPort, int webPort)
    {
        _process = process;
        _folder = folder;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        WebAddress = new Uri($"http://127.0.0.1:{webPort}");
    }

    public static string Executable => File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

    public static string ShippedConfig => Path.Combine(RepositoryPaths.Root, "deploy", "nginx", "stt.conf");

    public Uri GrpcAddress { get; }

    public Uri WebAddress { get; }

    /// <summary>Its error log.</summary>
    public string Log => File.Exists(Path.Combine(_folder, "error.log")) ? File.ReadAllText(Path.Combine(_folder, "error.log")) : string.Empty;

    public static bool IsInstalled => Processes.Exists(Executable);

    /// <summary>Starts nginx in front of <paramref name="replicas"/> and waits until both its ports accept connections.</summary>
    public static async Task<NginxProcess> StartAsync(IReadOnlyList<ServerProcess> replicas)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"stt-nginx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var (grpcPort, webPort) = (FreePorts.Next(), FreePorts.Next());
        File.WriteAllText(Path.Combine(folder, "stt.conf"), Configure(File.ReadAllText(ShippedConfig), replicas, grpcPort, webPort));
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log info;
            events { worker_connections 1024; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/stt.conf;
            }
            """);
        var process = Process.Start(new ProcessStartInfo(Executable, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off; user root;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var nginx = new NginxProcess(process, folder, grpcPort, webPort);
        try
        {
            await FreePorts.WaitUntilListeningAsync(grpcPort, TimeSpan.FromSeconds(20), () => nginx.Log);
            await FreePorts.WaitUntilListeningAsync(webPort, TimeSpan.FromSeconds(20), () => nginx.Log);
            return nginx;
        }
        catch
        {
            nginx.Dispose();
            throw;
        }
    }

    /// <summary>The shipped file with the test's addresses; fails if the file no longer has the shape this relies on.</summary>
    public static string Configure(string shipped, IReadOnlyList<ServerProcess> replicas, int grpcPort, int webPort)
    {
        var grpc = string.Concat(replicas.Select(r => $"    server {r.GrpcAddress.Host}:{r.GrpcAddress.Port};\n"));
        var web = string.Concat(replicas.Select(r => $"    server {r.WebAddress.Host}:{r.WebAddress.Port};\n"));
        var text = Replace(shipped, GrpcServers(), m => m.Groups["head"].Value + grpc);
        text = Replace(text, WebServers(), m => m.Groups["head"].Value + web);
        text = Replace(text, GrpcListen(), _ => $"listen 127.0.0.1:{grpcPort} http2;");
        return Replace(text, WebListen(), _ => $"listen 127.0.0.1:{webPort};");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a worker still writing its log; the folder is in /tmp
        }
    }

    private static string Replace(string text, Regex pattern, MatchEvaluator replacement) =>
        pattern.IsMatch(text) ? pattern.Replace(text, replacement, 1) : throw new InvalidOperationException($"deploy/nginx/stt.conf has no match for {pattern}");

    [GeneratedRegex(@"(?<head>upstream stt_grpc \{[^}]*?least_conn;\n)(\s*server [^;]+;\n)+")]
    private static partial Regex GrpcServers();

    [GeneratedRegex(@"(?<head>upstream stt_web \{[^}]*?ip_hash;\n)(\s*server [^;]+;\n)+")]
    private static partial Regex WebServers();

    [GeneratedRegex(@"listen 50051 http2;")]
    private static partial Regex GrpcListen();

    [GeneratedRegex(@"listen 8080;")]
    private static partial Regex WebListen();
}
