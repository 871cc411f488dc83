using Stt.Core.Detection;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class InterimsTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Unit;
    private readonly Queue<string> _script = new();
    private SchedulerHarness _harness = null!;
    private StreamPasses _passes = null!;
    private Segmenter _segmenter = null!;

    [SetUp]
    public async Task StartScheduler()
    {
        _script.Clear();
        _harness = await SchedulerHarness.StartAsync(new FakeRecognizer((samples, _) => _script.TryDequeue(out var text) ? text : $"words of {samples.Length / 160} frames"));
        _passes = new StreamPasses(_harness.Scheduler, new RecognitionOptions("en"), live: true, CancellationToken.None);
        _segmenter = new Segmenter(new StreamingOptions().Endpointing, new LoudnessDetector(), BusyScheduler.LiveFinals(), TimeProvider.System);
    }

    [TearDown]
    public async Task StopScheduler()
    {
        _segmenter.Dispose();
        _passes.Dispose();
        await _harness.DisposeAsync();
    }

    private Interims Create(bool wordTimestamps = false) => new(_passes, new StreamingOptions().Interims, SegmentFilter.Default, wordTimestamps);

    private void Accept(ReadOnlySpan<float> samples) => _segmenter.Advance(_segmenter.Detect(samples));

    /// <summary>What the transcriber does with a due interim: runs its pass, then asks what it publishes.</summary>
    private static async Task<InterimResult> RunAsync(Interims interims, InterimPass due)
    {
        var transcript = await interims.Start(due).WaitAsync(Timeout);
        due.Utterance.InterimInFlight = false;
        return interims.Publish(due, transcript);
    }

    [Test]
    public async Task Due_HalfASecondIntoSpeech_PublishesAnInterimOfTheAudioSoFar()
    {
        var interims = Create(wordTimestamps: true);
        Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(0.5)]); // the utterance's audio starts at 0.7 s (pre-roll)

        var due = interims.Due(_segmenter)!;
        var interim = (await RunAsync(interims, due)).Interim!;

        Assert.That(_harness.Recognizer.Ran.Single().Samples, Is.EqualTo(StreamPasses.MinSamples), "0.8 s of audio, padded");
        Assert.That((interim.Id, interim.UtteranceId, interim.IsFinal), Is.EqualTo((0u, 1u, false)));
        Assert.That(interim.Start, Is.EqualTo(TimeSpan.FromSeconds(0.7)), "times are offsets from the stream start");
        Assert.That(interim.Words.Single().Start, Is.EqualTo(TimeSpan.FromSeconds(0.7)), "word times too");
        Assert.That((interim.StableText, interim.Stability), Is.EqualTo((string.Empty, 0f)), "one pass agrees with nothing yet");
    }

    [Test]
    public async Task Due_TwoPassesAgree_TheirCommonWordsAreStable()
    {
        var interims = Create();
        _script.Enqueue("ask not what");
        _script.Enqueue("ask not what your country");
        Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(0.5)]);
        var first = (await RunAsync(interims, interims.Due(_segmenter)!)).Interim!;

        Accept(LoudnessDetector.Speech(1.0)); // the next is due a second later
        var second = (await RunAsync(interims, interims.Due(_segmenter)!)).Interim!;

        Assert.That((first.Text, first.Words), Is.EqualTo(("ask not what", Array.Empty<TranscriptWord>())), "no word times unless asked for");
        Assert.That((second.Text, second.StableText), Is.EqualTo(("ask not what your country", "ask not what")));
        Assert.That(second.Stability, Is.EqualTo(12f / 25));
    }

    [Test]
    public void Due_NoUtteranceOrNotYetDueOrOneInFlight_Null()
    {
        var interims = Create();
        Accept(TestSpeech.Silence(1.0));
        var noUtterance = interims.Due(_segmenter);
        Accept(LoudnessDetector.Speech(0.3));
        var tooEarly = interims.Due(_segmenter);
        Accept(LoudnessDetector.Speech(0.3));
        var first = interims.Due(_segmenter);
        Accept(LoudnessDetector.Speech(1.0));
        var whileInFlight = interims.Due(_segmenter);

        Assert.That((noUtterance, tooEarly, whileInFlight), Is.EqualTo(((InterimPass?)null, (InterimPass?)null, (InterimPass?)null)));
        Assert.That(first, Is.Not.Null);
        Assert.That(_harness.Recognizer.Started, Is.Zero, "saying a pass is due starts none");
    }

    [Test]
    public async Task Publish_UtteranceEndedWhileItsPassRan_PassAbortedAndStale()
    {
        var interims = Create();
        _harness.Recognizer.Hold();
        Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(0.5)]);
        var due = interims.Due(_segmenter)!;
        var pass = interims.Start(due);
        await Eventually.TrueAsync(() => _harness.Recognizer.Started == 1, Timeout, poll: TimeSpan.FromMilliseconds(5));

        _segmenter.Cut();
        _harness.Recognizer.Release();

        Assert.That(async () => await pass.WaitAsync(Timeout), Throws.InstanceOf<OperationCanceledException>(), "ending the utterance aborts its interim pass");
        Assert.That(_harness.Recognizer.Ran, Is.Empty);
        Assert.That(interims.Publish(due, new Transcript([], TimeSpan.Zero)), Is.SameAs(InterimResult.Stale), "a result that comes anyway is not shown");
    }

    [Test]
    public async Task Publish_OlderPassAfterANewerOne_Stale()
    {
        var interims = Create();
        Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(0.5)]);
        var older = interims.Due(_segmenter)!;
        var olderTranscript = await interims.Start(older).WaitAsync(Timeout);
        older.Utterance.InterimInFlight = false;
        Accept(LoudnessDetector.Speech(1.0));
        var newer = interims.Due(_segmenter)!;

        var newerResult = await RunAsync(interims, newer);
        var olderResult = interims.Publish(older, olderTranscript);

        Assert.That(newerResult.Interim, Is.Not.Null);
        Assert.That(olderResult, Is.SameAs(InterimResult.Stale));
    }
}
