using System.Runtime.InteropServices;

namespace Stt.Core.Inference;

/// <summary>
/// The C heap whisper.cpp allocates from. glibc gives each thread that contends for the heap its own arena (up
/// to eight per core) and keeps freed pages in them, so passes running on changing pool threads leave the
/// process at several times its working size. The arena limit must be set before the first allocation, so it
/// is the environment's job (<c>MALLOC_ARENA_MAX=2</c>: the launch profile sets it, the README says so);
/// <see cref="Trim"/> returns free pages when the server goes idle. No-ops off glibc.
/// </summary>
public static partial class NativeHeap
{
    /// <summary>True when the process runs with a glibc arena limit.</summary>
    public static bool ArenasLimited => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"));

    /// <summary>Returns free pages at the top of and inside the heap's arenas to the system.</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            MallocTrim(0);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // not glibc (musl has no libc.so.6): leave the heap alone
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
