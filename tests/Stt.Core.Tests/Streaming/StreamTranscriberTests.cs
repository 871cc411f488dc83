using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stt.Core.Admission;
using Stt.Core.Detection;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class StreamTranscriberTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Server;

    /// <summary>Silence, a burst of "speech" (a loud tone), silence: one utterance from 1.0 s to 3.0 s.</summary>
    private static float[] OneUtterance(double speechSeconds = 2.0)
    {
        var speech = Enumerable.Range(0, (int)(speechSeconds * 16000)).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 180 * i / 16000))).ToArray();
        return [.. TestSpeech.Silence(1.0), .. speech, .. TestSpeech.Silence(1.0)];
    }

    private static async Task<List<StreamEvent>> RunAsync(SchedulerHarness harness, float[] audio, bool interims, int chunkSamples = 320, StreamingOptions? options = null)
    {
        var factory = new StreamTranscriberFactory(harness.Scheduler, Options.Create(options ?? new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default);
        await using var transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), interims), null, CancellationToken.None);
        var events = new List<StreamEvent>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in transcriber.Events.ReadAllAsync())
            {
                events.Add(e);
            }
        });
        for (var i = 0; i < audio.Length; i += chunkSamples)
        {
            await transcriber.AcceptSamplesAsync(audio.AsMemory(i, Math.Min(chunkSamples, audio.Length - i)), CancellationToken.None);
            if (interims)
            {
                // At real-time pace a pass finishes before much more audio comes: wait until this chunk's has.
                await Eventually.TrueAsync(
                    () => harness.Scheduler.RunningPasses == 0 && harness.Scheduler.QueuedPasses == 0, Timeout, () => "a pass is still queued or running", TimeSpan.FromMilliseconds(1));
            }
        }

        await transcriber.CompleteAsync(CancellationToken.None).WaitAsync(Timeout);
        await reading.WaitAsync(Timeout);
        return events;
    }

    [Test]
    public async Task Complete_OneUtterance_EmitsEventsInOrder()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer((_, _) => "hello world"));

        var events = await RunAsync(harness, OneUtterance(), interims: false);

        Assert.That(events.Select(e => e.GetType().Name), Is.EqualTo(new[]
        {
            nameof(SpeechStartedEvent), nameof(EndOfUtteranceEvent), nameof(SegmentEvent), nameof(UtteranceTranscribedEvent), nameof(SummaryEvent),
        }));
        var final = (SegmentEvent)events[2];
        Assert.That(final.IsFinal, Is.True);
        Assert.That(final.Id, Is.EqualTo(1u));
        Assert.That(final.Text, Is.EqualTo("hello world"));
        Assert.That(final.Start.TotalSeconds, Is.EqualTo(0.7).Within(0.05), "times are offsets from the stream start");
        Assert.That(final.End.TotalSeconds, Is.EqualTo(3.2).Within(0.05));
        var summary = ((SummaryEvent)events[^1]).Summary;
        Assert.That(summary.Audio.TotalSeconds, Is.EqualTo(4.0).Within(0.001));
        Assert.That(summary.Utterances, Is.EqualTo(1));
        Assert.That(summary.FinalSegments, Is.EqualTo(1));
    }

    [Test]
    public async Task EndUtterance_SpeechStillGoing_EndsTheUtteranceAndItsFinalFollows()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer((_, _) => "hello"));
        var factory = new StreamTranscriberFactory(harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default);
        await using var transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), false), null, CancellationToken.None);
        var speech = OneUtterance()[..(16000 * 2)]; // a second of silence, then a second of speech that has not ended

        await transcriber.AcceptSamplesAsync(speech, CancellationToken.None);
        var ended = await transcriber.EndUtteranceAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        var again = await transcriber.EndUtteranceAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        var events = new List<StreamEvent>();
        while (events.LastOrDefault() is not UtteranceTranscribedEvent)
        {
            events.Add(await transcriber.Events.ReadAsync().AsTask().WaitAsync(Timeout));
        }

        Assert.That((ended, again), Is.EqualTo((true, false)), "the second call finds no utterance open");
        Assert.That(events.Select(e => e.GetType().Name), Is.EqualTo(new[]
        {
            nameof(SpeechStartedEvent), nameof(EndOfUtteranceEvent), nameof(SegmentEvent), nameof(UtteranceTranscribedEvent),
        }), "the final comes before the stream ends");
        Assert.That(((EndOfUtteranceEvent)events[1]).Offset.TotalSeconds, Is.LessThanOrEqualTo(2.0));
        Assert.That(((UtteranceTranscribedEvent)events[3]).FinalSegments, Is.EqualTo(1));
    }

    [Test]
    public async Task StreamAsync_TwoUtterances_YieldsEachFinalThenTheSummary()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer((_, _) => "word"));
        var factory = new StreamTranscriberFactory(harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default);
        var audio = new Audio.DecodedAudio([.. OneUtterance(), .. TestSpeech.Silence(2), .. OneUtterance()], "test"); // apart: two windows, two passes

        var events = await new FileTranscriber(factory).StreamAsync(audio, new RecognitionOptions("en"), null, CancellationToken.None).ToListAsync().AsTask().WaitAsync(Timeout);

        Assert.That(events.Select(e => e.GetType().Name), Is.EqualTo(new[] { nameof(SegmentEvent), nameof(SegmentEvent), nameof(SummaryEvent) }));
        Assert.That(events.OfType<SegmentEvent>().Select(s => s.Id), Is.EqualTo(new uint[] { 1, 2 }));
    }

    [Test]
    public async Task Complete_SilenceOnly_NeverCallsTheModel()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());

        var events = await RunAsync(harness, TestSpeech.Silence(5), interims: true);

        Assert.That(harness.Recognizer.Started, Is.Zero, "silence alone is never sent to Whisper");
        Assert.That(events.Single(), Is.TypeOf<SummaryEvent>());
    }

    [Test]
    public async Task Accept_LongUtteranceWithInterims_InterimsPrecedeItsFinal()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());

        var events = await RunAsync(harness, OneUtterance(speechSeconds: 4), interims: true);

        var segments = events.OfType<SegmentEvent>().ToList();
        var interims = segments.Where(s => !s.IsFinal).ToList();
        Assert.That(interims, Is.Not.Empty);
        Assert.That(interims.Select(i => i.Id), Has.All.EqualTo(0u));
        Assert.That(interims.Select(i => i.UtteranceId), Has.All.EqualTo(1u));
        var endIndex = events.FindIndex(e => e is EndOfUtteranceEvent);
        Assert.That(events.Take(endIndex).OfType<SegmentEvent>().All(s => !s.IsFinal), Is.True);
        Assert.That(events.Skip(endIndex).OfType<SegmentEvent>().All(s => s.IsFinal), Is.True, "no interim of an utterance after its end");
        Assert.That(((SummaryEvent)events[^1]).Summary.InterimSegments, Is.EqualTo(interims.Count), "the summary counts what was published");
    }

    [Test]
    public async Task Accept_InterimPassFails_EventsCompleteWithTheError()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        harness.Recognizer.ThrowOnce = new InvalidOperationException("boom"); // the first pass is the utterance's first interim
        var factory = new StreamTranscriberFactory(harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default);
        await using var transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), InterimResults: true), null, CancellationToken.None);
        var audio = OneUtterance(speechSeconds: 4);

        try
        {
            for (var i = 0; i < audio.Length; i += 320)
            {
                await transcriber.AcceptSamplesAsync(audio.AsMemory(i, 320), CancellationToken.None);
                await Eventually.TrueAsync(() => harness.Scheduler.RunningPasses == 0 && harness.Scheduler.QueuedPasses == 0, Timeout, poll: TimeSpan.FromMilliseconds(1));
            }
        }
        catch (OperationCanceledException)
        {
            // the failure aborted the stream's passes: the final its end queued is refused
        }

        Assert.That(async () => await transcriber.Events.ReadAllAsync().ToListAsync().AsTask().WaitAsync(Timeout), Throws.InvalidOperationException.With.Message.EqualTo("boom"));
    }

    [Test]
    public async Task Complete_ManyUtterancesOnParallelWorkers_FinalsInTimeOrder()
    {
        // Later utterances are shorter, so on two workers they tend to finish first.
        var audio = new List<float>(TestSpeech.Silence(0.5));
        for (var i = 0; i < 6; i++)
        {
            audio.AddRange(OneUtterance(speechSeconds: 3.0 - (i * 0.4)));
        }

        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer(), workers: 2);

        var events = await RunAsync(harness, [.. audio], interims: false, chunkSamples: 16000);

        var finals = events.OfType<SegmentEvent>().Where(s => s.IsFinal).ToList();
        Assert.That(finals, Has.Count.EqualTo(6));
        Assert.That(finals.Select(f => f.Id), Is.EqualTo(new uint[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(finals.Select(f => f.Start), Is.Ordered);
        for (var i = 1; i < finals.Count; i++)
        {
            Assert.That(finals[i].Start, Is.GreaterThanOrEqualTo(finals[i - 1].End), "finals never overlap");
        }
    }

    [Test]
    public async Task Complete_PassFails_EventsCompleteWithTheError()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        harness.Recognizer.ThrowOnce = new InvalidOperationException("boom");

        Assert.That(async () => await RunAsync(harness, OneUtterance(), interims: false), Throws.InvalidOperationException);
    }

    [Test]
    public async Task Dispose_WhilePassesRun_CancelsThem()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        harness.Recognizer.Hold();
        var factory = new StreamTranscriberFactory(harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default);
        var transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), true), null, CancellationToken.None);
        await transcriber.AcceptSamplesAsync(OneUtterance(), CancellationToken.None);

        await transcriber.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.That(harness.Scheduler.QueuedPasses, Is.Zero);
        await Eventually.TrueAsync(() => harness.Scheduler.RunningPasses == 0, Timeout, () => $"{harness.Scheduler.RunningPasses} passes still running");
    }

    [Test]
    public async Task Complete_UtteranceEndsAfterItsPause_TheSpeculativePassIsTheFinal()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());

        var events = await RunAsync(harness, OneUtterance(), interims: false);

        var summary = ((SummaryEvent)events[^1]).Summary;
        Assert.That((summary.SpeculativeFinalsUsed, summary.SpeculativeFinalsDropped), Is.EqualTo((1, 0)));
        Assert.That(harness.Recognizer.Ran, Has.Count.EqualTo(1), "one pass: the speculative one");
        Assert.That(events.OfType<SegmentEvent>().Single(s => s.IsFinal).End.TotalSeconds, Is.EqualTo(3.2).Within(0.05));
    }

    [Test]
    public async Task Complete_SpeechResumesAfterAPause_SpeculationDroppedAndTheFinalCoversEverything()
    {
        var speech = OneUtterance(1.5)[16000..^16000];
        float[] audio = [.. TestSpeech.Silence(1.0), .. speech, .. TestSpeech.Silence(0.4), .. speech, .. TestSpeech.Silence(1.0)];
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer(), workers: 2);

        var events = await RunAsync(harness, audio, interims: false);

        var summary = ((SummaryEvent)events[^1]).Summary;
        var final = events.OfType<SegmentEvent>().Single(s => s.IsFinal);
        Assert.That((summary.SpeculativeFinalsUsed, summary.SpeculativeFinalsDropped), Is.EqualTo((1, 1)));
        Assert.That(final.Start.TotalSeconds, Is.EqualTo(0.7).Within(0.05));
        Assert.That(final.End.TotalSeconds, Is.EqualTo(4.6).Within(0.05), "the final spans both phrases, not the first alone");
    }

    [Test]
    public async Task Complete_AllWorkersBusy_NoSpeculation()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        using var occupied = new CancellationTokenSource();
        harness.Recognizer.Hold();
        var blocker = harness.Scheduler.ScheduleAsync(new InferenceRequest(new float[16000], new RecognitionOptions("en"), PassPriority.Final), occupied.Token);
        var run = RunAsync(harness, OneUtterance(), interims: false);
        await Eventually.TrueAsync(() => harness.Scheduler.QueuedPasses > 0, Timeout, () => "the utterance's final is not queued yet");
        harness.Recognizer.Release();

        var events = await run;

        Assert.That(((SummaryEvent)events[^1]).Summary.SpeculativeFinalsUsed, Is.Zero, "a speculative pass never waits in the queue");
        await blocker;
    }

    [Test]
    public async Task Complete_FileOrStreamSentAtOnce_ReportsNoFinalLatency()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        var meter = new LiveStreamMeter(TimeProvider.System, Options.Create(new AdmissionOptions()));
        var factory = new StreamTranscriberFactory(harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default, new Core.Diagnostics.SpeechMetrics(), meter);
        var audio = Enumerable.Range(0, 6).SelectMany(_ => OneUtterance()).ToArray();

        foreach (var live in new[] { false, true })
        {
            await using var transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), false), null, CancellationToken.None, live);
            var reading = Task.Run(async () => await transcriber.Events.ReadAllAsync().CountAsync());
            await transcriber.AcceptSamplesAsync(audio, CancellationToken.None);
            await transcriber.CompleteAsync(CancellationToken.None).WaitAsync(Timeout);
            await reading.WaitAsync(Timeout);
            Assert.That(transcriber.IsRealTime, Is.False);
            Assert.That(meter.Latency.Count, Is.Zero, live ? "24 s sent at once wait on their own audio: not a live latency" : "a file's finals are not timed");
        }
    }

    [Test]
    public async Task Complete_RealTimeStream_ReportsFinalLatencyUntilItEnds()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        var clock = new FakeTimeProvider();
        var meter = new LiveStreamMeter(clock, Options.Create(new AdmissionOptions()));
        var factory = new StreamTranscriberFactory(
            harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default, new Core.Diagnostics.SpeechMetrics(), meter, clock: clock);
        var audio = OneUtterance();
        var transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), false), null, CancellationToken.None);
        var reading = Task.Run(async () => await transcriber.Events.ReadAllAsync().CountAsync());
        for (var offset = 0; offset < audio.Length; offset += 1600)
        {
            await transcriber.AcceptSamplesAsync(audio.AsMemory(offset, Math.Min(1600, audio.Length - offset)), CancellationToken.None);
            clock.Advance(TimeSpan.FromMilliseconds(100)); // the 100 ms just sent took 100 ms to speak
        }

        await transcriber.CompleteAsync(CancellationToken.None).WaitAsync(Timeout);
        await reading.WaitAsync(Timeout);
        Assert.That(transcriber.IsRealTime, Is.True);
        Assert.That(meter.Latency.Count, Is.EqualTo(1), "its one final is a live latency");

        await transcriber.DisposeAsync();

        Assert.That(meter.Latency.Count, Is.Zero, "an ended stream's latencies no longer count");
    }

    [TestCase(1.0, 1, TestName = "Complete_FileWithShortPauses_OnePassOverTheWindow")]
    [TestCase(3.0, 3, TestName = "Complete_FileWithLongPauses_OnePassPerUtterance")]
    public async Task Complete_File_UtterancesShareWindows(double pauseSeconds, int expectedPasses)
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        var speech = Enumerable.Range(0, 32000).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 180 * i / 16000))).ToArray();
        var pause = TestSpeech.Silence(pauseSeconds);
        float[] audio = [.. TestSpeech.Silence(1.0), .. speech, .. pause, .. speech, .. pause, .. speech, .. TestSpeech.Silence(1.0)];
        var factory = new StreamTranscriberFactory(harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default);
        await using var transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), false), null, CancellationToken.None, live: false);
        var reading = Task.Run(async () => await transcriber.Events.ReadAllAsync().ToListAsync());

        await transcriber.AcceptSamplesAsync(audio, CancellationToken.None);
        await transcriber.CompleteAsync(CancellationToken.None).WaitAsync(Timeout);
        var events = await reading.WaitAsync(Timeout);

        Assert.That(harness.Recognizer.Ran, Has.Count.EqualTo(expectedPasses));
        Assert.That(events.OfType<EndOfUtteranceEvent>().Count(), Is.EqualTo(3), "utterances are still found and announced one by one");
        var finals = events.OfType<SegmentEvent>().Where(e => e.IsFinal).ToList();
        Assert.That(finals.Select(f => f.Id), Is.EqualTo(Enumerable.Range(1, finals.Count).Select(i => (uint)i)));
        Assert.That(finals[0].Start, Is.LessThan(TimeSpan.FromSeconds(1.1)));
        Assert.That(finals[^1].End, Is.GreaterThan(TimeSpan.FromSeconds(audio.Length / 16000.0 - 1.5)));
        var summary = ((SummaryEvent)events[^1]).Summary;
        Assert.That(summary.Utterances, Is.EqualTo(3));
        Assert.That(summary.Transcribed, Is.LessThan(summary.Audio - TimeSpan.FromSeconds(1.5)), "the silence around the speech is not sent");
    }

    [Test]
    public async Task Complete_FileLongerThanAWindow_SplitsAtUtterances()
    {
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());
        // Eight seconds of "syllables": 0.5 s of tone, 0.1 s of silence (a steady tone would become the energy detector's noise floor).
        var speech = Enumerable.Range(0, 16000 * 8).Select(i => i % 9600 < 8000 ? (float)(0.3 * Math.Sin(2 * Math.PI * 180 * i / 16000)) : 0f).ToArray();
        var pause = TestSpeech.Silence(1.0);
        var audio = Enumerable.Range(0, 6).SelectMany(_ => speech.Concat(pause)).ToArray(); // 54 s: six utterances of 8 s
        var factory = new StreamTranscriberFactory(harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default);
        await using var transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), false), null, CancellationToken.None, live: false);
        var reading = Task.Run(async () => await transcriber.Events.ReadAllAsync().ToListAsync());

        await transcriber.AcceptSamplesAsync(audio, CancellationToken.None);
        await transcriber.CompleteAsync(CancellationToken.None).WaitAsync(Timeout);
        await reading.WaitAsync(Timeout);

        var windows = harness.Recognizer.Ran.Select(r => r.Samples / 16000.0).ToList();
        TestContext.Out.WriteLine($"windows: {string.Join(", ", windows.Select(w => $"{w:0.0} s"))}");
        Assert.That(windows, Has.Count.EqualTo(2), "three 8-s utterances (with their pauses) fit in 28 s, four do not");
        Assert.That(windows, Has.All.LessThanOrEqualTo(28));
    }
}
