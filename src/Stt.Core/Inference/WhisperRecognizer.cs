using System.Diagnostics;
using Stt.Audio;
using Stt.Core.Models;
using Whisper.net;

namespace Stt.Core.Inference;

/// <summary>
/// The real engine: one loaded Whisper model (a <see cref="WhisperFactory"/>) shared by every pass. Each pass
/// builds its own processor, which costs well under a millisecond next to the pass itself and lets every pass
/// carry its own language, prompt and audio context.
/// </summary>
public sealed class WhisperRecognizer : ISpeechRecognizer, IDisposable
{
    private const int FullAudioContext = 1500;
    private const int EncoderFramesPerSecond = 50;
    private readonly WhisperFactory _factory;
    private readonly InferenceOptions _options;
    private readonly bool _reduceContext;

    private WhisperRecognizer(WhisperFactory factory, InferenceOptions options, GgmlHyperParameters model, bool reduceContext)
    {
        _factory = factory;
        _options = options;
        _reduceContext = reduceContext;
        Model = model;
    }

    /// <summary>Hyper-parameters of the loaded model.</summary>
    public GgmlHyperParameters Model { get; }

    /// <summary>
    /// Checks the file in managed code, then loads it into the native engine. <paramref name="modelToleratesReducedContext"/>:
    /// the model was fine-tuned for a reduced encoder context (see <see cref="InferenceOptions.ReduceAudioContext"/>).
    /// </summary>
    /// <exception cref="ModelFileException">The file is unusable; the message names it and says why.</exception>
    public static WhisperRecognizer Load(string modelPath, InferenceOptions options, bool modelToleratesReducedContext = false)
    {
        var model = GgmlModelInspector.Inspect(modelPath);
        try
        {
            var factory = WhisperFactory.FromPath(modelPath, new WhisperFactoryOptions
            {
                UseGpu = options.UseGpu,
                GpuDevice = options.GpuDevice,
                UseFlashAttention = options.FlashAttention,
            });
            return new WhisperRecognizer(factory, options, model, options.ReducesAudioContext(modelToleratesReducedContext));
        }
        catch (Exception ex) when (ex is WhisperModelLoadException or DllNotFoundException)
        {
            throw new ModelFileException($"Model file '{modelPath}' could not be loaded by the Whisper engine: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Runs a pass. A pass that asks for a reduced context of a model not known to tolerate one is checked for the
    /// signature of a loop (<see cref="ReducedContextCheck"/>); if it shows one, it is thrown away and run again at the
    /// full context, as Whisper's temperature fallback re-runs a low-confidence decode.
    /// </summary>
    public async Task<Transcript> RecognizeAsync(float[] samples, RecognitionOptions options, CancellationToken cancellationToken)
    {
        if (_reduceContext || options.Context == EncoderContext.Full)
        {
            return await RunAsync(samples, options, AudioContextFor(samples.Length), cancellationToken).ConfigureAwait(false);
        }

        var reduced = await RunAsync(samples, options, ReducedContextFor(samples.Length), cancellationToken).ConfigureAwait(false);
        if (!ReducedContextCheck.LooksLikeALoop(reduced, AudioTime.FromSamples(samples.Length)))
        {
            return reduced with { Provisional = true };
        }

        var full = await RunAsync(samples, options, FullAudioContext, cancellationToken).ConfigureAwait(false);
        return full with { ProcessingTime = reduced.ProcessingTime + full.ProcessingTime, ContextFallback = true };
    }

    private async Task<Transcript> RunAsync(float[] samples, RecognitionOptions options, int audioContext, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var duration = AudioTime.FromSamples(samples.Length);
        var cap = _options.TokenCapFor(duration);
        await using var processor = CreateProcessor(options, audioContext, cap);
        var segments = new List<TranscriptSegment>();
        var tokens = 0;
        await foreach (var segment in processor.ProcessAsync(samples, cancellationToken).ConfigureAwait(false))
        {
            tokens += segment.Tokens.Length;
            var text = segment.Text.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            segments.Add(new TranscriptSegment(
                Clamp(segment.Start, duration),
                Clamp(segment.End, duration),
                text,
                segment.Probability,
                segment.NoSpeechProbability,
                segment.Language ?? options.Language,
                options.WordTimestamps ? WordsOf(segment, duration) : [],
                AverageLogProbability(segment)));
        }

        return new Transcript(segments, stopwatch.Elapsed, Capped: cap > 0 && tokens >= cap);
    }

    private WhisperProcessor CreateProcessor(RecognitionOptions options, int audioContext, int tokenCap)
    {
        var builder = _factory.CreateBuilder()
            .WithThreads(options.Threads > 0 ? options.Threads : _options.EffectiveThreads)
            .WithLanguage(options.Language)
            .WithNoContext()
            .WithProbabilities()
            .WithNoSpeechThreshold((float)_options.NoSpeechThreshold)
            .WithLogProbThreshold((float)_options.LogProbThreshold)
            .WithEntropyThreshold((float)_options.EntropyThreshold)
            .WithTemperatureInc((float)_options.TemperatureIncrement)
            .WithGreedySamplingStrategy(greedy => greedy.WithBestOf(_options.BestOf));
        if (!string.IsNullOrEmpty(_options.SuppressRegex))
        {
            builder = builder.WithSuppressRegex(_options.SuppressRegex);
        }

        if (tokenCap > 0)
        {
            builder = builder.WithMaxTokensPerSegment(tokenCap);
        }

        if (options.Translate)
        {
            builder = builder.WithTranslate();
        }

        if (!string.IsNullOrWhiteSpace(options.Prompt))
        {
            builder = builder.WithPrompt(options.Prompt);
        }

        if (options.WordTimestamps)
        {
            builder = builder.WithTokenTimestamps();
        }

        if (audioContext < FullAudioContext)
        {
            builder = builder.WithAudioContextSize(audioContext);
        }

        return builder.Build();
    }

    /// <summary>Encoder positions for a pass: Whisper's full 30 s, or the audio's length plus padding when the model runs reduced.</summary>
    internal int AudioContextFor(int sampleCount) => _reduceContext ? ReducedContextFor(sampleCount) : FullAudioContext;

    /// <summary>Encoder positions for a reduced pass: the audio's length plus padding, at most the full 30 s.</summary>
    internal int ReducedContextFor(int sampleCount)
    {
        var frames = (int)Math.Ceiling(sampleCount * (double)EncoderFramesPerSecond / AudioTime.SampleRate);
        return Math.Min(FullAudioContext, frames + _options.AudioContextPadding);
    }

    private static float AverageLogProbability(SegmentData segment)
    {
        var text = segment.Tokens.Where(t => !IsSpecial(t.Text)).ToList();
        return text.Count == 0 ? 0f : text.Average(t => t.ProbabilityLog);
    }

    private static bool IsSpecial(string? token) =>
        string.IsNullOrEmpty(token) || token.StartsWith("[_", StringComparison.Ordinal) || token.StartsWith("<|", StringComparison.Ordinal);

    private static IReadOnlyList<TranscriptWord> WordsOf(SegmentData segment, TimeSpan duration)
    {
        // Whisper tokens are sub-words: a token that starts with a space starts a new word.
        var words = new List<TranscriptWord>();
        string? text = null;
        TimeSpan start = default, end = default;
        var probabilities = new List<float>();
        foreach (var token in segment.Tokens)
        {
            var piece = token.Text ?? string.Empty;
            if (IsSpecial(piece))
            {
                continue;
            }

            var tokenStart = Clamp(TimeSpan.FromMilliseconds(token.Start * 10), duration);
            var tokenEnd = Clamp(TimeSpan.FromMilliseconds(token.End * 10), duration);
            if (text is null || piece.StartsWith(' '))
            {
                Flush();
                text = piece.TrimStart();
                start = tokenStart;
            }
            else
            {
                text += piece;
            }

            end = tokenEnd < start ? start : tokenEnd;
            probabilities.Add(token.Probability);
        }

        Flush();
        return words;

        void Flush()
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                words.Add(new TranscriptWord(text, start, end, probabilities.Count > 0 ? probabilities.Average() : 0f));
            }

            text = null;
            probabilities.Clear();
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan duration) =>
        value < TimeSpan.Zero ? TimeSpan.Zero : value > duration ? duration : value;

    /// <inheritdoc />
    public void Dispose() => _factory.Dispose();
}
