using System.Threading.Channels;
using Stt.Core.Detection;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class InterimPublisherTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Unit;
    private readonly Lock _gate = new();
    private readonly Queue<string> _script = new();
    private Channel<StreamEvent> _events = null!;
    private SchedulerHarness _harness = null!;
    private StreamPasses _passes = null!;
    private StreamStatistics _statistics = null!;
    private UtteranceTracker _utterances = null!;
    private TaskCompletionSource<Exception> _failure = null!;

    [SetUp]
    public async Task StartScheduler()
    {
        _script.Clear();
        _events = Channel.CreateUnbounded<StreamEvent>();
        _harness = await SchedulerHarness.StartAsync(new FakeRecognizer((samples, _) => _script.TryDequeue(out var text) ? text : $"words of {samples.Length / 160} frames"));
        _passes = new StreamPasses(_harness.Scheduler, new RecognitionOptions("en"), live: true, CancellationToken.None);
        _statistics = new StreamStatistics(null, live: true);
        _utterances = new UtteranceTracker(_gate, new StreamingOptions(), new LoudnessDetector(), _events.Writer, _statistics, BusyScheduler.LiveFinals(_statistics), TimeProvider.System);
        _failure = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [TearDown]
    public async Task StopScheduler()
    {
        _utterances.Dispose();
        _passes.Dispose();
        await _harness.DisposeAsync();
    }

    private InterimPublisher Create(bool wordTimestamps = false) =>
        new(_gate, _utterances, _passes, new StreamingOptions(), SegmentFilter.Default, _statistics, _events.Writer, wordTimestamps, ex => _failure.TrySetResult(ex));

    private async Task<SegmentEvent> NextInterimAsync()
    {
        while (true)
        {
            if (await _events.Reader.ReadAsync().AsTask().WaitAsync(Timeout) is SegmentEvent segment)
            {
                return segment;
            }
        }
    }

    private static Task WaitUntil(Func<bool> condition) => Eventually.TrueAsync(condition, Timeout, poll: TimeSpan.FromMilliseconds(5));

    [Test]
    public async Task MaybeStart_HalfASecondIntoSpeech_PublishesAnInterimOfTheAudioSoFar()
    {
        var interims = Create(wordTimestamps: true);
        _utterances.Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(0.5)]); // the utterance's audio starts at 0.7 s (pre-roll)

        interims.MaybeStart();
        var interim = await NextInterimAsync();

        Assert.That(_harness.Recognizer.Ran.Single().Samples, Is.EqualTo(StreamPasses.MinSamples), "0.8 s of audio, padded");
        Assert.That((interim.Id, interim.UtteranceId, interim.IsFinal), Is.EqualTo((0u, 1u, false)));
        Assert.That(interim.Start, Is.EqualTo(TimeSpan.FromSeconds(0.7)), "times are offsets from the stream start");
        Assert.That(interim.Words.Single().Start, Is.EqualTo(TimeSpan.FromSeconds(0.7)), "word times too");
        Assert.That((interim.StableText, interim.Stability), Is.EqualTo((string.Empty, 0f)), "one pass agrees with nothing yet");
        Assert.That(_statistics.Interims, Is.EqualTo(1));
    }

    [Test]
    public async Task MaybeStart_TwoPassesAgree_TheirCommonWordsAreStable()
    {
        var interims = Create();
        _script.Enqueue("ask not what");
        _script.Enqueue("ask not what your country");
        _utterances.Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(0.5)]);
        interims.MaybeStart();
        var first = await NextInterimAsync();

        _utterances.Accept(LoudnessDetector.Speech(1.0)); // the next is due a second later
        interims.MaybeStart();
        var second = await NextInterimAsync();

        Assert.That((first.Text, first.Words), Is.EqualTo(("ask not what", Array.Empty<TranscriptWord>())), "no word times unless asked for");
        Assert.That((second.Text, second.StableText), Is.EqualTo(("ask not what your country", "ask not what")));
        Assert.That(second.Stability, Is.EqualTo(12f / 25));
    }

    [Test]
    public void MaybeStart_NoUtteranceOrNotYetDue_StartsNothing()
    {
        var interims = Create();
        _utterances.Accept(TestSpeech.Silence(1.0));
        interims.MaybeStart();
        _utterances.Accept(LoudnessDetector.Speech(0.3));
        interims.MaybeStart();

        Assert.That(_harness.Recognizer.Started, Is.Zero);
    }

    [Test]
    public async Task MaybeStart_UtteranceEndsWhileItsPassRuns_NothingPublished()
    {
        var interims = Create();
        _harness.Recognizer.Hold();
        _utterances.Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(0.5)]);
        var utterance = _utterances.Current!;
        interims.MaybeStart();
        await WaitUntil(() => _harness.Recognizer.Started == 1);

        _utterances.Cut();
        _harness.Recognizer.Release();
        await WaitUntil(() => !utterance.InterimInFlight);

        var published = new List<StreamEvent>();
        while (_events.Reader.TryRead(out var e))
        {
            published.Add(e);
        }

        Assert.That(_harness.Recognizer.Ran, Is.Empty, "ending the utterance aborts its interim pass");
        Assert.That(published.OfType<SegmentEvent>(), Is.Empty);
        Assert.That(_statistics.Interims, Is.Zero);
    }

    [Test]
    public async Task MaybeStart_PassFails_TheStreamFails()
    {
        var interims = Create();
        var error = new InvalidOperationException("boom");
        _harness.Recognizer.ThrowOnce = error;
        _utterances.Accept([.. TestSpeech.Silence(1.0), .. LoudnessDetector.Speech(0.5)]);

        interims.MaybeStart();

        Assert.That(await _failure.Task.WaitAsync(Timeout), Is.SameAs(error));
    }
}
