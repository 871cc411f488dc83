namespace Stt.Core.Inference;

/// <summary>How the engine runs. Bound from <c>Stt:Inference</c>.</summary>
public sealed record InferenceOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Inference";

    /// <summary>Parallel passes (Whisper processors sharing one loaded model). 0 = automatic: cores / threads, at least 1.</summary>
    public int Workers { get; init; }

    /// <summary>
    /// Threads per pass. 0 = automatic: the cores divided among the passes running and queued when a pass starts
    /// (a lone pass gets them all; a busy server runs one thread per pass), and workers = cores. Whisper's
    /// threads scale sub-linearly, so under load more single-threaded workers beat fewer wide ones (measured on
    /// 2 cores with tiny.en-sized passes: 8 real-time streams' last finals 0.36-0.47 s with 2x1, 0.35-0.95 s with 1x2).
    /// A fixed number turns the adaptation off.
    /// </summary>
    public int ThreadsPerWorker { get; init; }

    /// <summary>
    /// Size the encoder's audio context to the audio in each pass (seconds x 50 + <see cref="AudioContextPadding"/>
    /// frames) instead of Whisper's fixed 30 s: 3-5x cheaper for short windows, but vanilla Whisper models do not
    /// survive it (FUTO measured tiny.en on LibriSpeech clean at 4.73% WER with the full context and 225.99% with a
    /// reduced one: the decoder loops). Default: unset, which follows the model — full context, unless the model is
    /// declared fine-tuned for a reduced one (<see cref="Models.ModelOptions.ModelToleratesReducedContext"/>, FUTO's
    /// ACFT models). <c>true</c> with a vanilla model is honoured, with a warning at startup.
    /// </summary>
    public bool? ReduceAudioContext { get; init; }

    /// <summary>Extra encoder frames (20 ms each) above the audio's length when the context is reduced. Default 64.</summary>
    public int AudioContextPadding { get; init; } = 64;

    /// <summary>Language used when a request leaves it empty: an ISO 639-1 code or "auto". Default "auto" ("en" for English-only models).</summary>
    public string DefaultLanguage { get; init; } = string.Empty;

    /// <summary>Largest number of queued passes; further finals are refused with RESOURCE_EXHAUSTED. Default 256.</summary>
    public int MaxQueuedPasses { get; init; } = 256;

    /// <summary>
    /// After this long with no pass running or queued, return freed memory to the system (see
    /// <see cref="IdleMemoryTrimmer"/>). Zero turns it off. Default 5 s.
    /// </summary>
    public TimeSpan TrimAfterIdle { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Use a GPU if the native runtime has one (CUDA, Vulkan, Metal builds of Whisper.net.Runtime). Default true.</summary>
    public bool UseGpu { get; init; } = true;

    /// <summary>GPU device index. Default 0.</summary>
    public int GpuDevice { get; init; }

    /// <summary>
    /// Flash attention: the same attention, computed in tiles, so exact up to rounding and cheaper, on a GPU or the CPU.
    /// Measured here on the full-context encoder of a tiny.en-sized model, 2 threads: 767 ms without, 550 ms with (f16);
    /// 725 / 458 ms (q8_0) (docs/benchmarks.md). whisper.cpp's server turns it on too. Default true.
    /// </summary>
    public bool FlashAttention { get; init; } = true;

    /// <summary>
    /// Whisper's no-speech rule: a segment whose no-speech probability is above this while its average token
    /// log-probability is below <see cref="LogProbThreshold"/> is dropped. 1 turns it off. Default 0.6 (Whisper's).
    /// </summary>
    public double NoSpeechThreshold { get; init; } = 0.6;

    /// <summary>
    /// Average token log-probability below which a pass is decoded again at a higher temperature (and, with
    /// <see cref="NoSpeechThreshold"/>, a segment is dropped as no speech). Default -1 (Whisper's).
    /// </summary>
    public double LogProbThreshold { get; init; } = -1;

    /// <summary>Token entropy above which a pass (a repetition loop) is decoded again at a higher temperature. Default 2.4 (Whisper's).</summary>
    public double EntropyThreshold { get; init; } = 2.4;

    /// <summary>Temperature step of the fallback for low-confidence passes; 0 turns the fallback off. Default 0.2 (Whisper's).</summary>
    public double TemperatureIncrement { get; init; } = 0.2;

    /// <summary>
    /// Candidates sampled per pass when the temperature fallback decodes again (greedy best-of). Whisper's and
    /// whisper.cpp's default is 5; whisper.cpp's server uses 2. Only fallback passes pay for it. Default 5.
    /// </summary>
    public int BestOf { get; init; } = 5;

    /// <summary>
    /// A runaway-decoder guard: a pass may decode at most this many tokens per second of its audio (plus
    /// <see cref="TokenCapMargin"/>), timestamps included, so a looping decoder costs a bounded amount and never reaches
    /// the client as a wall of repeated text. Real speech rarely passes 5 per second. Capped passes are counted
    /// (<c>stt_passes_capped_total</c>, the stream summary). 0 turns the guard off. Default 6.
    /// </summary>
    public double MaxTokensPerSecond { get; init; } = 6;

    /// <summary>Tokens every pass may decode on top of <see cref="MaxTokensPerSecond"/> (its timestamps and a short word). Default 8.</summary>
    public int TokenCapMargin { get; init; } = 8;

    /// <summary>The token cap of a pass over <paramref name="audio"/>; 0 when the guard is off.</summary>
    public int TokenCapFor(TimeSpan audio) => MaxTokensPerSecond > 0 ? (int)Math.Ceiling(audio.TotalSeconds * MaxTokensPerSecond) + TokenCapMargin : 0;

    /// <summary>Remove sound descriptions and music marks (<c>[music]</c>, <c>(applause)</c>, <c>♪</c>) from transcripts. Default true.</summary>
    public bool DropAnnotations { get; init; } = true;

    /// <summary>
    /// Tokens matching this regular expression are never emitted (whisper.cpp's <c>suppress_regex</c>). Empty: none.
    /// whisper.cpp matches it against the whole vocabulary at every decoding step, so it has a cost. Default empty.
    /// </summary>
    public string? SuppressRegex { get; init; }

    /// <summary>The language a request that names none gets: <see cref="DefaultLanguage"/>, else "auto" for a multilingual model and "en" for an English-only one.</summary>
    public string DefaultLanguageFor(bool multilingual) =>
        DefaultLanguage is { Length: > 0 } configured ? configured : multilingual ? RecognitionOptions.AutoLanguage : "en";

    /// <summary>Whether passes run at a reduced encoder context for a model that does (or does not) tolerate it.</summary>
    public bool ReducesAudioContext(bool modelTolerates) => ReduceAudioContext ?? modelTolerates;

    /// <summary>Resolved worker count for this machine.</summary>
    public int EffectiveWorkers => Workers > 0 ? Workers : Math.Max(1, Environment.ProcessorCount / EffectiveThreads);

    /// <summary>Resolved threads per worker for this machine.</summary>
    public int EffectiveThreads => ThreadsPerWorker > 0 ? ThreadsPerWorker : 1;

    /// <summary>Threads a pass gets when it runs alone: every core with automatic threads.</summary>
    public int MaxThreadsPerPass => ThreadsPerWorker > 0 ? ThreadsPerWorker : Environment.ProcessorCount;
}
