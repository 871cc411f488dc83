using Stt.Testing;

namespace Stt.Server.Tests.Support;

/// <summary>The `stt` command, run from its own build output (same configuration as the tests), with its own dependencies.</summary>
internal static class CommandLine
{
    public static string Stt { get; } = Path.Combine(
        RepositoryPaths.Root, "clients", "Stt.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "stt.dll");
}
