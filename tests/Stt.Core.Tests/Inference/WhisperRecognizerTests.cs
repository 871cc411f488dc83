using Stt.Core.Inference;
using Stt.Core.Models;
using Stt.Testing;

namespace Stt.Core.Tests.Inference;

/// <summary>The real Whisper.net engine on the synthetic model: random weights, so the text is meaningless, but every code path is real.</summary>
[NonParallelizable]
[Integration]
public sealed class WhisperRecognizerTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Server;
    private WhisperRecognizer _recognizer = null!;

    [OneTimeSetUp]
    public void LoadModel() =>
        _recognizer = WhisperRecognizer.Load(TestModels.Synthetic, new InferenceOptions { ThreadsPerWorker = 2 });

    [OneTimeTearDown]
    public void Unload() => _recognizer.Dispose();

    [Test]
    public void Load_SyntheticModel_ReportsItsDimensions()
    {
        Assert.That(_recognizer.Model, Is.EqualTo(SyntheticModelSpec.Small.HyperParameters));
    }

    [Test]
    public async Task RecognizeAsync_Speech_ReturnsSegmentsInsideTheAudio()
    {
        var clip = TestSpeech.Jfk;

        var transcript = await _recognizer.RecognizeAsync(clip.Samples, new RecognitionOptions("en"), CancellationToken.None).WaitAsync(Timeout);

        TestContext.Out.WriteLine($"{clip.Source}: '{transcript.Text}' in {transcript.ProcessingTime.TotalMilliseconds:F0} ms");
        Assert.That(transcript.Segments, Is.Not.Empty);
        Assert.That(transcript.Segments.Select(s => s.End), Has.All.LessThanOrEqualTo(clip.Duration));
        Assert.That(transcript.Segments.Select(s => s.Language), Has.All.EqualTo("en"));
        Assert.That(transcript.ProcessingTime, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task RecognizeAsync_WordTimestamps_WordsAreOrderedInsideTheirSegment()
    {
        var clip = TestSpeech.Jfk;

        var transcript = await _recognizer.RecognizeAsync(clip.Samples, new RecognitionOptions("en", WordTimestamps: true), CancellationToken.None).WaitAsync(Timeout);

        var words = transcript.Segments.SelectMany(s => s.Words).ToList();
        Assert.That(words, Is.Not.Empty);
        Assert.That(words.Select(w => w.Text), Has.None.StartsWith("[_"));
        Assert.That(words.Select(w => w.Start), Is.Ordered);
        Assert.That(words.Select(w => w.End), Has.All.LessThanOrEqualTo(clip.Duration));
    }

    [Test]
    public async Task RecognizeAsync_CancelledMidPass_ThrowsCancelledAndStaysUsable()
    {
        // 30 s at full context: a pass long enough to cancel in the middle.
        using var recognizer = WhisperRecognizer.Load(TestModels.Synthetic, new InferenceOptions { ThreadsPerWorker = 1, ReduceAudioContext = false });
        var samples = Enumerable.Repeat(TestSpeech.Jfk.Samples, 3).SelectMany(s => s).ToArray();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));

        Assert.That(
            async () => await recognizer.RecognizeAsync(samples, new RecognitionOptions("en"), cancel.Token).WaitAsync(Timeout),
            Throws.InstanceOf<OperationCanceledException>());

        var after = await recognizer.RecognizeAsync(TestSpeech.Jfk.Samples, new RecognitionOptions("en"), CancellationToken.None).WaitAsync(Timeout);
        Assert.That(after.Segments, Is.Not.Empty, "the engine works after a cancelled pass");
    }

    [Test]
    public void AudioContextFor_AsShipped_WhispersFullThirtySeconds()
    {
        Assert.That(_recognizer.AudioContextFor(16000 * 3), Is.EqualTo(1500), "vanilla models loop at a reduced context: full is the default");
    }

    [Test]
    public void AudioContextFor_ModelDeclaredTolerant_IsSizedToTheAudio()
    {
        using var recognizer = WhisperRecognizer.Load(TestModels.Synthetic, new InferenceOptions(), modelToleratesReducedContext: true);

        Assert.That(recognizer.AudioContextFor(16000 * 3), Is.EqualTo(150 + 64));
        Assert.That(recognizer.AudioContextFor(16000 * 40), Is.EqualTo(1500));
    }

    [Test]
    public void AudioContextFor_ExplicitlyOffForATolerantModel_Full()
    {
        using var recognizer = WhisperRecognizer.Load(TestModels.Synthetic, new InferenceOptions { ReduceAudioContext = false }, modelToleratesReducedContext: true);

        Assert.That(recognizer.AudioContextFor(16000 * 3), Is.EqualTo(1500));
    }

    [Test]
    public async Task RecognizeAsync_DecoderPastItsTokenCap_CutShortAndMarkedCapped()
    {
        // A cap of two tokens: whatever this decoder emits reaches it.
        using var recognizer = WhisperRecognizer.Load(TestModels.Synthetic, new InferenceOptions { ThreadsPerWorker = 2, MaxTokensPerSecond = 0.001, TokenCapMargin = 1 });

        var transcript = await recognizer.RecognizeAsync(TestSpeech.Jfk.Samples, new RecognitionOptions("en"), CancellationToken.None).WaitAsync(Timeout);
        var uncapped = await _recognizer.RecognizeAsync(TestSpeech.Jfk.Samples, new RecognitionOptions("en"), CancellationToken.None).WaitAsync(Timeout);

        Assert.That(transcript.Capped, Is.True);
        Assert.That(uncapped.Capped, Is.False, "at 6 tokens per second the same pass is not capped");
    }

    [Test]
    public async Task RecognizeAsync_ReducedPassThatLoops_RunAgainAtTheFullContext()
    {
        // A cap every pass reaches: the reduced pass shows the loop signature, so it is run again at the full context.
        using var recognizer = WhisperRecognizer.Load(TestModels.Synthetic, new InferenceOptions { ThreadsPerWorker = 2, MaxTokensPerSecond = 0.001, TokenCapMargin = 1 });

        var transcript = await recognizer.RecognizeAsync(
            TestSpeech.Jfk.Samples, new RecognitionOptions("en", Context: EncoderContext.Reduced), CancellationToken.None).WaitAsync(Timeout);

        Assert.That(transcript.ContextFallback, Is.True);
        Assert.That(transcript.Provisional, Is.False, "the full-context run is not provisional");
    }

    [Test]
    public async Task RecognizeAsync_FullContextAsked_NeverProvisional()
    {
        var transcript = await _recognizer.RecognizeAsync(TestSpeech.Jfk.Samples, new RecognitionOptions("en"), CancellationToken.None).WaitAsync(Timeout);

        Assert.That((transcript.Provisional, transcript.ContextFallback), Is.EqualTo((false, false)));
    }

    [Test]
    public void TokenCapFor_AudioLength_SixPerSecondPlusTheMargin()
    {
        var options = new InferenceOptions();

        Assert.That(options.TokenCapFor(TimeSpan.FromSeconds(1)), Is.EqualTo(14));
        Assert.That(options.TokenCapFor(TimeSpan.FromSeconds(28)), Is.EqualTo(176));
        Assert.That(new InferenceOptions { MaxTokensPerSecond = 0 }.TokenCapFor(TimeSpan.FromSeconds(28)), Is.Zero, "0 turns the guard off");
    }

    [Test]
    public void Load_WeightlessFixture_ThrowsModelFileExceptionNotACrash()
    {
        var fixture = RepositoryPaths.SharedModels is { } shared ? Path.Combine(shared, "dummy", "for-tests-ggml-tiny.bin") : null;
        if (fixture is null || !File.Exists(fixture))
        {
            Assert.Ignore("../shared/models/dummy is absent on this machine");
        }

        var error = Assert.Throws<ModelFileException>(() => WhisperRecognizer.Load(fixture, new InferenceOptions()));

        Assert.That(error!.Message, Does.Contain("no weights"));
    }
}
