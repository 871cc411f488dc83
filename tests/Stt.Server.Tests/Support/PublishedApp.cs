using Stt.Testing;

namespace Stt.Server.Tests.Support;

/// <summary>
/// The server and the `stt` command published as deploy/Dockerfile publishes them (`dotnet publish -c Release`), once
/// per test run, into a temporary folder: server/ and cli/.
/// </summary>
public static class PublishedApp
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

    public static async Task<string> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _folder ??= await PublishAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Deletes the published app, if this run made one.</summary>
    public static void Delete()
    {
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<string> PublishAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"stt-published-{Guid.NewGuid():N}");
        foreach (var (project, output) in new[] { ("src/Stt.Server", "server"), ("clients/Stt.Cli", "cli") })
        {
            TestContext.Progress.WriteLine($"dotnet publish {project} -c Release -o {Path.Combine(folder, output)}");
            var result = await Processes.RunAsync(
                "dotnet",
                ["publish", Path.Combine(RepositoryPaths.Root, project), "-c", "Release", "-o", Path.Combine(folder, output), "--disable-build-servers", "-nologo"],
                RepositoryPaths.Root,
                timeout: TimeSpan.FromMinutes(10),
                environment: new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["NEXT_TELEMETRY_DISABLED"] = "1" });
            if (result.ExitCode != 0)
            {
                Assert.Fail($"dotnet publish {project} failed:\n{result.Stdout}\n{result.Stderr}");
            }
        }

        return folder;
    }
}
