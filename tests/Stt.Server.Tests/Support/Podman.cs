namespace Stt.Server.Tests.Support;

/// <summary>
/// Debian's podman as this machine needs it: the runc runtime (crun fails on its cgroups) and explicit ulimits (the
/// defaults cannot be set here), in a containers.conf of the test's own. Images are built from Debian packages (no
/// registry is reachable): a minimal Debian made with mmdebstrap, plus the host's .NET runtime in place of the official
/// ASP.NET Core image.
/// </summary>
public static class Podman
{
    public const string BaseImage = "localhost/stt-test/debian-base:bookworm";

    private static readonly string ConfigFile = WriteConfig();

    public static bool IsInstalled => Processes.Exists("podman") && Processes.Exists("mmdebstrap");

    public static IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["CONTAINERS_CONF"] = ConfigFile };

    public static async Task<Processes.Result> RunAsync(params string[] arguments) =>
        await Processes.RunAsync("podman", arguments, timeout: TimeSpan.FromMinutes(5), environment: Environment);

    /// <summary>Runs podman and fails the test with its output when it fails.</summary>
    public static async Task<string> RequireAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.That(result.ExitCode, Is.Zero, $"podman {string.Join(' ', arguments)}\n{result.Stdout}\n{result.Stderr}");
        return result.Stdout;
    }

    /// <summary>
    /// An image with the ASP.NET Core runtime, as the official one has it: Debian (libicu, OpenSSL, CA certificates,
    /// OpenMP: mmdebstrap, minbase) and this machine's .NET runtime copied in. Made once per runtime version.
    /// </summary>
    public static async Task<string> RuntimeImageAsync()
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var version = System.Environment.Version.ToString();
        var image = $"localhost/stt-test/aspnet-host:{version}";
        if ((await RunAsync("image", "exists", image)).ExitCode == 0)
        {
            return image;
        }

        await BaseImageAsync();
        var context = Path.Combine(Path.GetTempPath(), $"stt-runtime-image-{Guid.NewGuid():N}");
        try
        {
            var dotnet = Path.Combine(context, "dotnet");
            var aspnet = Directory.GetDirectories(Path.Combine(dotnetRoot, "shared", "Microsoft.AspNetCore.App")).Max()!;
            Directory.CreateDirectory(Path.Combine(dotnet, "shared", "Microsoft.NETCore.App"));
            Directory.CreateDirectory(Path.Combine(dotnet, "shared", "Microsoft.AspNetCore.App"));
            await CopyAsync(Path.Combine(dotnetRoot, "dotnet"), dotnet);
            await CopyAsync(Path.Combine(dotnetRoot, "host"), dotnet);
            await CopyAsync(Path.Combine(dotnetRoot, "shared", "Microsoft.NETCore.App", version), Path.Combine(dotnet, "shared", "Microsoft.NETCore.App"));
            await CopyAsync(aspnet, Path.Combine(dotnet, "shared", "Microsoft.AspNetCore.App"));
            File.WriteAllText(Path.Combine(context, "Containerfile"), $"""
                FROM {BaseImage}
                COPY dotnet /usr/share/dotnet
                ENV DOTNET_ROOT=/usr/share/dotnet PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
                """);
            await RequireAsync("build", "--network=none", "-t", image, context);
            return image;
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>Deletes this run's containers.conf (the images stay: they are made once per machine).</summary>
    public static void DeleteConfig() => File.Delete(ConfigFile);

    private static async Task BaseImageAsync()
    {
        if ((await RunAsync("image", "exists", BaseImage)).ExitCode == 0)
        {
            return;
        }

        var tar = Path.Combine(Path.GetTempPath(), $"stt-debian-{Guid.NewGuid():N}.tar");
        try
        {
            TestContext.Progress.WriteLine($"mmdebstrap: a minimal Debian for {BaseImage} (about a minute, once)");
            var made = await Processes.RunAsync(
                "mmdebstrap", ["--variant=minbase", "--include=libicu72,libssl3,ca-certificates,libgomp1", "bookworm", tar], timeout: TimeSpan.FromMinutes(10));
            Assert.That(made.ExitCode, Is.Zero, $"mmdebstrap failed:\n{made.Stderr}");
            await RequireAsync("import", tar, BaseImage);
        }
        finally
        {
            File.Delete(tar);
        }
    }

    private static async Task CopyAsync(string source, string targetFolder)
    {
        var copied = await Processes.RunAsync("cp", ["-a", source, targetFolder]);
        Assert.That(copied.ExitCode, Is.Zero, copied.Stderr);
    }

    private static string WriteConfig()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stt-containers-{System.Environment.ProcessId}.conf");
        File.WriteAllText(path, """
            [engine]
            runtime = "runc"

            [containers]
            default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
            """);
        return path;
    }
}
