namespace Stt.Testing;

/// <summary>Where the repository and the shared data beside it are.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root: the first folder above the test binaries that holds Stt.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shared folder beside the repository (real speech recordings), or null when absent.</summary>
    public static string? SharedAudio =>
        Directory.Exists(Path.Combine(Root, "..", "shared", "audio")) ? Path.GetFullPath(Path.Combine(Root, "..", "shared", "audio")) : null;

    /// <summary>The shared model fixtures folder, or null when absent.</summary>
    public static string? SharedModels =>
        Directory.Exists(Path.Combine(Root, "..", "shared", "models")) ? Path.GetFullPath(Path.Combine(Root, "..", "shared", "models")) : null;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stt.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Stt.slnx) above " + AppContext.BaseDirectory);
    }
}
