using System.Reflection;
using System.Runtime.InteropServices;

namespace Stt.Core.Detection;

/// <summary>
/// The few whisper.cpp VAD functions Whisper.net 1.9.1 does not wrap. Its <c>WhisperVadProcessor</c> returns speech
/// segments per call, computed per chunk and split at chunk borders; a live endpointer needs the model's speech
/// probability for every 32 ms window as it arrives, with the LSTM state carried from one call to the next, which
/// only <c>whisper_vad_detect_speech_no_reset</c> plus <c>whisper_vad_probs</c> give. They live in the libwhisper
/// Whisper.net already ships and loads; <see cref="SileroContextPool"/> makes Whisper.net load it first.
/// </summary>
internal static unsafe partial class SileroNative
{
    private const string Library = "whisper";

    static SileroNative() => NativeLibrary.SetDllImportResolver(typeof(SileroNative).Assembly, Resolve);

    [StructLayout(LayoutKind.Sequential)]
    internal struct ContextParams
    {
        public int Threads;
        public byte UseGpu;
        public int GpuDevice;
    }

    [LibraryImport(Library, EntryPoint = "whisper_vad_default_context_params")]
    internal static partial ContextParams DefaultContextParams();

    [LibraryImport(Library, EntryPoint = "whisper_vad_init_from_file_with_params", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint InitFromFile(string path, ContextParams parameters);

    /// <summary>Runs the model over whole 512-sample windows, keeping the LSTM state; false on failure.</summary>
    [LibraryImport(Library, EntryPoint = "whisper_vad_detect_speech_no_reset")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool DetectSpeechNoReset(nint context, float* samples, int count);

    [LibraryImport(Library, EntryPoint = "whisper_vad_n_probs")]
    internal static partial int ProbabilityCount(nint context);

    [LibraryImport(Library, EntryPoint = "whisper_vad_probs")]
    internal static partial float* Probabilities(nint context);

    [LibraryImport(Library, EntryPoint = "whisper_vad_reset_state")]
    internal static partial void ResetState(nint context);

    [LibraryImport(Library, EntryPoint = "whisper_vad_free")]
    internal static partial void Free(nint context);

    /// <summary>
    /// Finds the libwhisper Whisper.net loaded (by its soname, which the loader matches to the loaded copy), else
    /// the one its runtime package puts beside the application. Other libraries resolve as usual.
    /// </summary>
    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return 0;
        }

        if (OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libwhisper.so.1", out var loaded))
        {
            return loaded;
        }

        var file = OperatingSystem.IsWindows() ? "whisper.dll" : OperatingSystem.IsMacOS() ? "libwhisper.dylib" : "libwhisper.so";
        var rid = $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "macos" : "linux")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        return NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, "runtimes", rid, file), out var shipped) ? shipped : 0;
    }
}
