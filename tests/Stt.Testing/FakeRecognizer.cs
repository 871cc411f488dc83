using System.Collections.Concurrent;
using Stt.Audio;
using Stt.Core.Inference;

namespace Stt.Testing;

/// <summary>
/// A recognizer for scheduling and streaming tests: answers with scripted text, can be held so that passes
/// queue up behind it, records what ran, and honours cancellation like the real engine.
/// </summary>
internal sealed class FakeRecognizer : ISpeechRecognizer
{
    private readonly Func<float[], RecognitionOptions, string> _text;
    private volatile TaskCompletionSource _gate = CreateGate(open: true);
    private int _started;

    public FakeRecognizer(Func<float[], RecognitionOptions, string>? text = null) =>
        _text = text ?? ((samples, _) => $"words of {samples.Length / 160} frames");

    public ConcurrentQueue<(int Samples, RecognitionOptions Options)> Ran { get; } = new();

    public int Started => _started;

    public Exception? ThrowOnce { get; set; }

    /// <summary>When set, the segments every pass returns (times relative to the pass's audio), instead of the scripted text.</summary>
    public Func<float[], IReadOnlyList<TranscriptSegment>>? Segments { get; set; }

    public void Hold() => _gate = CreateGate(open: false);

    public void Release() => _gate.TrySetResult();

    public async Task<Transcript> RecognizeAsync(float[] samples, RecognitionOptions options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        await _gate.Task.WaitAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (ThrowOnce is { } error)
        {
            ThrowOnce = null;
            throw error;
        }

        Ran.Enqueue((samples.Length, options));
        var duration = AudioTime.FromSamples(samples.Length);
        var text = _text(samples, options);
        IReadOnlyList<TranscriptSegment> segments = Segments is { } script ? script(samples) : text.Length == 0
            ? []
            : [new TranscriptSegment(TimeSpan.Zero, duration, text, 0.9f, 0.01f, "en", [new TranscriptWord(text.Split(' ')[0], TimeSpan.Zero, duration, 0.9f)])];
        return new Transcript(segments, TimeSpan.FromMilliseconds(5));
    }

    private static TaskCompletionSource CreateGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }
}
