using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Health.V1;
using Stt.Testing;

namespace Stt.Server.Tests.Support;

/// <summary>The server as users run it: a separate process of the built Stt.Server, configured by environment variables.</summary>
public sealed partial class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<Uri> _addresses = [];
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    // Kestrel binds its endpoints in the order of their names: Grpc, Management, Web.
    public Uri GrpcAddress => _addresses[0];

    /// <summary>The management listener (metrics).</summary>
    public Uri ManagementAddress => _addresses[1];

    public Uri WebAddress => _addresses[2];

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public int ProcessId => _process.Id;

    /// <summary>Starts the server of this build, or the one in <paramref name="folder"/> (a published app), from its own folder.</summary>
    public static ServerProcess Start(IDictionary<string, string> environment, string? folder = null)
    {
        folder ??= AppContext.BaseDirectory;
        var info = new ProcessStartInfo("dotnet", [Path.Combine(folder, "Stt.Server.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        info.Environment["Kestrel__Endpoints__Grpc__Url"] = "http://127.0.0.1:0";
        info.Environment["Kestrel__Endpoints__Web__Url"] = "http://127.0.0.1:0";
        info.Environment["Kestrel__Endpoints__Management__Url"] = "http://127.0.0.1:0";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["MALLOC_ARENA_MAX"] = "2"; // as the README recommends
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var server = new ServerProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Starts a server of the tests' model (<see cref="TestModels.ServerModel"/>, from the tests' model cache) with
    /// <paramref name="settings"/> on top; from <paramref name="folder"/> when given (a published app).
    /// </summary>
    public static ServerProcess StartWithTestModel(IDictionary<string, string>? settings = null, string? folder = null)
    {
        _ = TestModels.Synthetic;
        var environment = new Dictionary<string, string>
        {
            ["Stt__Model"] = TestModels.ServerModel,
            ["Stt__ModelCache"] = TestModels.CacheDirectory,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return Start(environment, folder);
    }

    public Task WaitUntilListeningAsync(TimeSpan timeout) => _listening.Task.WaitAsync(timeout);

    /// <summary>Waits until <paramref name="health"/>, a client of this server, reports SERVING (its model loaded).</summary>
    public async Task WaitUntilServingAsync(Health.HealthClient health, TimeSpan timeout) =>
        await Eventually.TrueAsync(
            async cancellationToken =>
            {
                try
                {
                    var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
                    return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
                }
                catch (Grpc.Core.RpcException)
                {
                    return false; // not listening for calls yet
                }
            },
            timeout,
            () => $"not SERVING:\n{Output}");

    /// <summary>Sends a signal to the process, as an orchestrator or an operator would: TERM to stop it, KILL to end it at once.</summary>
    public async Task SignalAsync(string signal)
    {
        var kill = await Processes.RunAsync("kill", [$"-{signal}", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {ProcessId} failed: {kill.Stderr}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                _addresses.Add(new Uri(match.Groups[1].Value));
                if (_addresses.Count == 3)
                {
                    _listening.TrySetResult();
                }
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
