using Microsoft.Extensions.Options;
using Stt.Core.Detection;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

/// <summary>
/// Streaming must not lose or repeat words where it cuts: at the end of an utterance, at the shorter pause
/// that ends a long one, and at the forced cut of one that never pauses. Scripted speech (<see cref="ToneWords"/>)
/// is streamed through a real stream transcriber and scheduler; the finals must name every word once, in order.
/// </summary>
[Unit]
public sealed class UtteranceBoundaryTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Server;

    [Test]
    public async Task Finals_SentencesWithPauses_EveryWordOnceInOrder()
    {
        // Sentences of 5-9 words, 100-200 ms between words, 0.35-1.0 s between sentences.
        var random = new Random(11);
        var script = new List<(int, double)>();
        for (var sentence = 0; sentence < 8; sentence++)
        {
            var length = random.Next(5, 10);
            for (var w = 0; w < length; w++)
            {
                script.Add((random.Next(40), w == length - 1 ? 0.35 + (random.NextDouble() * 0.65) : 0.1 + (random.NextDouble() * 0.1)));
            }
        }

        await AssertEveryWordOnceAsync(script);
    }

    [Test]
    public async Task Finals_LongUtteranceEndedByAShortPause_NoWordLostOrRepeated()
    {
        // 7.5 s of words 150 ms apart, one 320 ms pause, then 4 s more: the pause only ends an utterance this long.
        var script = Enumerable.Range(0, 19).Select(i => (i % 40, 0.15)).ToList();
        script[^1] = (script[^1].Item1, 0.32);
        script.AddRange(Enumerable.Range(0, 10).Select(i => ((i * 7) % 40, 0.15)));

        var finals = await AssertEveryWordOnceAsync(script);

        Assert.That(finals, Has.Count.GreaterThanOrEqualTo(2), "the long utterance is cut at its short pause");
    }

    [Test]
    public async Task Finals_SpeechThatNeverPausesPastMaxUtterance_CutBetweenWords()
    {
        // 30 s of words 120 ms apart: no pause long enough to end an utterance, so the 20 s limit forces a cut.
        var script = Enumerable.Range(0, 81).Select(i => ((i * 13) % 40, 0.12)).ToList();

        var finals = await AssertEveryWordOnceAsync(script);

        Assert.That(finals, Has.Count.GreaterThanOrEqualTo(2), "the utterance is cut at the limit");
    }

    private static async Task<List<string>> AssertEveryWordOnceAsync(List<(int Word, double PauseAfter)> script)
    {
        var audio = ToneWords.Speak(script);
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer((samples, _) => ToneWords.Hear(samples)), workers: 2);
        var factory = new StreamTranscriberFactory(harness.Scheduler, Options.Create(new StreamingOptions()), Detectors.Energy(), SegmentFilter.Default);
        await using var transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), InterimResults: true), null, CancellationToken.None);
        var finals = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in transcriber.Events.ReadAllAsync())
            {
                if (e is SegmentEvent { IsFinal: true } final)
                {
                    finals.Add(final.Text);
                }
            }
        });
        for (var i = 0; i < audio.Length; i += 320)
        {
            await transcriber.AcceptSamplesAsync(audio.AsMemory(i, Math.Min(320, audio.Length - i)), CancellationToken.None);
        }

        await transcriber.CompleteAsync(CancellationToken.None).WaitAsync(Timeout);
        await reading.WaitAsync(Timeout);

        TestContext.Out.WriteLine(string.Join(" | ", finals));
        var heard = string.Join(' ', finals).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(heard, Is.EqualTo(script.Select(s => $"w{s.Word}")), "every word once, in order, none cut in half");
        return finals;
    }
}
