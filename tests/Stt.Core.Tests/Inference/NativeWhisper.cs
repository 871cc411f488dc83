using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Whisper.net;
using Whisper.net.Logger;

namespace Stt.Core.Tests.Inference;

/// <summary>
/// whisper.cpp's own account of a pass, which Whisper.net does not expose: <c>whisper_full</c> on a context that
/// owns its state, in the native library Whisper.net loaded, then <c>whisper_print_timings</c> read from the
/// native log (encode and decode time, and the temperature fallbacks). Whisper.net runs every pass on a fresh
/// state, for which whisper.cpp keeps no timings. The parameter offsets come from Whisper.net's own declaration of
/// <c>whisper_full_params</c>, so a Whisper.net upgrade that changes the layout fails here loudly.
/// </summary>
internal sealed unsafe partial class NativeWhisper : IDisposable
{
    private static readonly Lazy<Library> Native = new(Library.Load);
    private readonly IntPtr _context;
    private readonly Lock _logLock = new();
    private readonly List<string> _log = [];
    private int _fallbacksSoFar;

    private NativeWhisper(IntPtr context) => _context = context;

    /// <summary>Loads a model on the CPU, with or without flash attention.</summary>
    public static NativeWhisper Load(string modelPath, bool flashAttention)
    {
        var native = Native.Value;
        var defaults = native.ContextDefaults();
        var contextParams = *(ContextParams*)defaults;
        native.FreeContextParams(defaults);
        var bytes = (byte*)&contextParams;
        bytes[native.ContextUseGpu] = 0;
        bytes[native.ContextFlashAttention] = flashAttention ? (byte)1 : (byte)0;
        var path = Encoding.UTF8.GetBytes(modelPath + "\0");
        IntPtr context;
        fixed (byte* p = path)
        {
            context = native.InitFromFile(p, contextParams);
        }

        return context == IntPtr.Zero ? throw new InvalidOperationException($"whisper.cpp could not load {modelPath}") : new NativeWhisper(context);
    }

    /// <summary>
    /// One pass over <paramref name="samples"/>: English, greedy with best-of 5 on fallback (Whisper.net's and our
    /// defaults), <paramref name="audioContext"/> encoder positions (0 = the model's 1500).
    /// </summary>
    public NativePass Run(float[] samples, int threads, int audioContext, bool fallback = true)
    {
        var native = Native.Value;
        var defaults = native.FullDefaults(0);
        var full = *(FullParams*)defaults;
        native.FreeParams(defaults);
        var bytes = (byte*)&full;
        *(int*)(bytes + native.FullThreads) = threads;
        *(int*)(bytes + native.FullAudioContext) = audioContext;
        *(float*)(bytes + native.FullTemperatureInc) = fallback ? 0.2f : 0f;
        bytes[native.FullPrintProgress] = 0;

        using var logger = LogProvider.AddLogger(OnLog);
        lock (_logLock)
        {
            _log.Clear();
        }

        native.ResetTimings(_context);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        int result;
        fixed (float* audio = samples)
        {
            result = native.Full(_context, full, audio, samples.Length);
        }

        var wall = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (result != 0)
        {
            throw new InvalidOperationException($"whisper_full returned {result}");
        }

        native.PrintTimings(_context);
        string log;
        lock (_logLock)
        {
            log = string.Join('\n', _log);
        }

        var fallbacks = FallbacksLine().Match(log) is { Success: true } f
            ? int.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(f.Groups[2].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("whisper_print_timings wrote no fallbacks line; the native log was: " + log);
        var passFallbacks = fallbacks - _fallbacksSoFar; // whisper_reset_timings leaves the fallback counters alone
        _fallbacksSoFar = fallbacks;

        var tokens = new List<int>();
        var segments = new List<(TimeSpan Start, TimeSpan End, string Text)>();
        for (var s = 0; s < native.SegmentCount(_context); s++)
        {
            segments.Add((
                TimeSpan.FromMilliseconds(native.SegmentStart(_context, s) * 10),
                TimeSpan.FromMilliseconds(native.SegmentEnd(_context, s) * 10),
                Marshal.PtrToStringUTF8(native.SegmentText(_context, s)) ?? string.Empty));
            for (var t = 0; t < native.TokenCount(_context, s); t++)
            {
                tokens.Add(native.TokenId(_context, s, t));
            }
        }

        return new NativePass(
            Timing(log, "encode").Ms,
            Timing(log, "decode").Ms + Timing(log, "batchd").Ms + Timing(log, "prompt").Ms,
            Timing(log, "sample").Ms,
            wall.TotalMilliseconds,
            passFallbacks,
            Timing(log, "decode").Runs + Timing(log, "batchd").Runs + Timing(log, "prompt").Runs,
            tokens,
            segments);
    }

    public void Dispose() => Native.Value.Free(_context);

    private void OnLog(WhisperLogLevel level, string? message)
    {
        lock (_logLock)
        {
            _log.Add(message ?? string.Empty);
        }
    }

    // "decode time =    12.34 ms /    20 runs (...)"; whisper_print_timings shows at least 1 run when there were none.
    private static (double Ms, int Runs) Timing(string log, string what) =>
        Regex.Match(log, what + @" time =\s*([0-9.]+) ms /\s*(\d+) runs") is { Success: true } m
            ? (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[1].Value == "0.00" ? 0 : int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"whisper_print_timings wrote no '{what} time' line; the native log was: " + log);

    [GeneratedRegex(@"fallbacks =\s*(\d+) p /\s*(\d+) h")]
    private static partial Regex FallbacksLine();

    // whisper_context_params (48 bytes) and whisper_full_params, passed by value: opaque blocks of the native size.
    [InlineArray(6)]
    private struct ContextParams
    {
        private ulong _element;
    }

    [InlineArray(FullParamsWords)]
    private struct FullParams
    {
        private ulong _element;
    }

    private const int FullParamsWords = 38;

    /// <summary>The exports used, from the libwhisper.so Whisper.net loaded, and the parameter offsets.</summary>
    private sealed class Library
    {
        public delegate* unmanaged<IntPtr> ContextDefaults;
        public delegate* unmanaged<IntPtr, void> FreeContextParams;
        public delegate* unmanaged<byte*, ContextParams, IntPtr> InitFromFile;
        public delegate* unmanaged<int, IntPtr> FullDefaults;
        public delegate* unmanaged<IntPtr, void> FreeParams;
        public delegate* unmanaged<IntPtr, FullParams, float*, int, int> Full;
        public delegate* unmanaged<IntPtr, void> ResetTimings;
        public delegate* unmanaged<IntPtr, void> PrintTimings;
        public delegate* unmanaged<IntPtr, int> SegmentCount;
        public delegate* unmanaged<IntPtr, int, int> TokenCount;
        public delegate* unmanaged<IntPtr, int, int, int> TokenId;
        public delegate* unmanaged<IntPtr, int, IntPtr> SegmentText;
        public delegate* unmanaged<IntPtr, int, long> SegmentStart;
        public delegate* unmanaged<IntPtr, int, long> SegmentEnd;
        public delegate* unmanaged<IntPtr, void> Free;
        public int ContextUseGpu, ContextFlashAttention, FullThreads, FullAudioContext, FullTemperatureInc, FullPrintProgress;

        public static Library Load()
        {
            // Whisper.net loads its native library (and routes the native log to LogProvider) on first use.
            _ = WhisperFactory.GetRuntimeInfo();
            var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            var path = Path.Combine(AppContext.BaseDirectory, "runtimes", $"linux-{architecture}", "libwhisper.so");
            if (!OperatingSystem.IsLinux() || !File.Exists(path))
            {
                Assert.Ignore($"whisper.cpp's timings are read from Whisper.net's Linux runtime ({path}), absent here");
            }

            var handle = NativeLibrary.Load(path);
            var assembly = typeof(WhisperFactory).Assembly;
            var fullType = assembly.GetType("Whisper.net.Native.WhisperFullParams", throwOnError: true)!;
            var contextType = assembly.GetType("Whisper.net.Native.WhisperContextParams", throwOnError: true)!;
            if (Marshal.SizeOf(fullType) != sizeof(FullParams) || Marshal.SizeOf(contextType) != sizeof(ContextParams))
            {
                throw new InvalidOperationException(
                    $"Whisper.net's whisper_full_params is {Marshal.SizeOf(fullType)} bytes and whisper_context_params {Marshal.SizeOf(contextType)}; this harness assumes {sizeof(FullParams)} and {sizeof(ContextParams)}");
            }

            IntPtr Export(string name) => NativeLibrary.GetExport(handle, name);
            int Offset(Type type, string field) => (int)Marshal.OffsetOf(type, field);
            return new Library
            {
                ContextDefaults = (delegate* unmanaged<IntPtr>)Export("whisper_context_default_params_by_ref"),
                FreeContextParams = (delegate* unmanaged<IntPtr, void>)Export("whisper_free_context_params"),
                InitFromFile = (delegate* unmanaged<byte*, ContextParams, IntPtr>)Export("whisper_init_from_file_with_params"),
                FullDefaults = (delegate* unmanaged<int, IntPtr>)Export("whisper_full_default_params_by_ref"),
                FreeParams = (delegate* unmanaged<IntPtr, void>)Export("whisper_free_params"),
                Full = (delegate* unmanaged<IntPtr, FullParams, float*, int, int>)Export("whisper_full"),
                ResetTimings = (delegate* unmanaged<IntPtr, void>)Export("whisper_reset_timings"),
                PrintTimings = (delegate* unmanaged<IntPtr, void>)Export("whisper_print_timings"),
                SegmentCount = (delegate* unmanaged<IntPtr, int>)Export("whisper_full_n_segments"),
                TokenCount = (delegate* unmanaged<IntPtr, int, int>)Export("whisper_full_n_tokens"),
                TokenId = (delegate* unmanaged<IntPtr, int, int, int>)Export("whisper_full_get_token_id"),
                SegmentText = (delegate* unmanaged<IntPtr, int, IntPtr>)Export("whisper_full_get_segment_text"),
                SegmentStart = (delegate* unmanaged<IntPtr, int, long>)Export("whisper_full_get_segment_t0"),
                SegmentEnd = (delegate* unmanaged<IntPtr, int, long>)Export("whisper_full_get_segment_t1"),
                Free = (delegate* unmanaged<IntPtr, void>)Export("whisper_free"),
                ContextUseGpu = Offset(contextType, "UseGpu"),
                ContextFlashAttention = Offset(contextType, "FlashAttention"),
                FullThreads = Offset(fullType, "Threads"),
                FullAudioContext = Offset(fullType, "AudioContextSize"),
                FullTemperatureInc = Offset(fullType, "TemperatureInc"),
                FullPrintProgress = Offset(fullType, "PrintProgress"),
            };
        }
    }
}
