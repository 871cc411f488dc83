using Stt.Core.Inference;
using Stt.Core.Models;
using Stt.Testing;

namespace Stt.Core.Tests.Inference;

/// <summary>
/// The scripted synthetic tiny models (f16, q8_0, q5_1) through the real engine: three scripted words per second of
/// audio, one segment per second, the same text every run, and no temperature fallback (whisper.cpp's own count).
/// </summary>
[NonParallelizable]
[Integration]
public sealed class ScriptedDecoderTests
{
    private const int Threads = 2;
    private static readonly TimeSpan Timeout = TestTimeouts.Long;

    private static IEnumerable<TestCaseData> Passes()
    {
        foreach (var seconds in new[] { 1, 4, 10, 28 })
        {
            yield return new TestCaseData(SyntheticModelSpec.TinyEn.Name, seconds);
        }

        yield return new TestCaseData(SyntheticModelSpec.TinyEnQ8.Name, 4);
        yield return new TestCaseData(SyntheticModelSpec.TinyEnQ5.Name, 4);
    }

    [TestCaseSource(nameof(Passes))]
    public async Task RecognizeAsync_ScriptedModel_SaysThreeScriptedWordsPerSecondTheSameEveryRun(string model, int seconds)
    {
        var samples = Audio(seconds);
        using var recognizer = WhisperRecognizer.Load(PathOf(model), new InferenceOptions { ThreadsPerWorker = Threads });
        var options = new RecognitionOptions("en", WordTimestamps: true);

        var first = await recognizer.RecognizeAsync(samples, options, CancellationToken.None).WaitAsync(Timeout);
        var second = await recognizer.RecognizeAsync(samples, options, CancellationToken.None).WaitAsync(Timeout);

        TestContext.Out.WriteLine($"{model}, {seconds} s: {first.Segments.Count} segments in {first.ProcessingTime.TotalMilliseconds:F0} ms: '{first.Text}'");
        var expected = DecoderScript.WordsFor(samples.Length).Select(w => w.Trim()).ToList();
        Assert.That(expected, Has.Count.EqualTo(DecoderScript.WordsPerSecond * seconds), "the script: 3 words per second");
        Assert.That(first.Segments.SelectMany(s => s.Words).Select(w => w.Text), Is.EqualTo(expected));
        Assert.That(first.Segments.Select(s => s.Start), Is.EqualTo(Enumerable.Range(0, seconds).Select(k => TimeSpan.FromSeconds(k))));
        Assert.That(first.Segments.Select(s => s.End), Is.EqualTo(Enumerable.Range(1, seconds).Select(k => TimeSpan.FromSeconds(Math.Min(k, samples.Length / 16000.0)))));
        Assert.That(first.Segments.Select(s => s.AverageLogProbability), Has.All.GreaterThan(-0.01), "confident: far above Whisper's -1 fallback threshold");
        Assert.That(second.Text, Is.EqualTo(first.Text));
    }

    [TestCaseSource(nameof(Passes))]
    public void WhisperFull_ScriptedModel_DecodesOnceWithTheScriptedTokens(string model, int seconds)
    {
        var samples = Audio(seconds);
        var script = new DecoderScript(SyntheticModelSpec.TinyEn.HyperParameters);
        using var whisper = NativeWhisper.Load(PathOf(model), flashAttention: false);

        var pass = whisper.Run(samples, Threads, audioContext: (seconds * 50) + 64);

        TestContext.Out.WriteLine($"{model}, {seconds} s: encode {pass.EncodeMs:F0} ms, decode {pass.DecodeMs:F0} ms, {pass.Tokens.Count} tokens, {pass.Fallbacks} fallbacks");
        var text = pass.Tokens.Where(t => t < script.Eot).ToList();
        var timestamps = pass.Tokens.Where(t => t >= script.TimestampBegin).ToList();
        Assert.That(pass.Fallbacks, Is.Zero, "the first decode passes Whisper's tests: no temperature fallback");
        Assert.That(pass.DecoderRuns, Is.EqualTo(5 * seconds), "one decoder run per token: ts(0), then 3 words and a timestamp pair per second");
        Assert.That(text, Is.EqualTo(DecoderScript.Words.Take(DecoderScript.WordsPerSecond * seconds).Select(w => w.Id)));
        Assert.That(timestamps, Is.Ordered.And.Not.Empty);
        Assert.That(timestamps[^1], Is.EqualTo(script.Timestamp(seconds)), "the segment ends at the timestamp that reaches the end of the audio");
        Assert.That(pass.Tokens, Has.Count.EqualTo(text.Count + timestamps.Count), "no other token (end of text is not kept)");
    }

    [Test]
    public void WhisperFull_RandomDecoder_FallsBack()
    {
        // The observable the test above relies on: a confused decoder is decoded again at higher temperatures.
        using var whisper = NativeWhisper.Load(TestModels.Synthetic, flashAttention: false);

        var pass = whisper.Run(Audio(4), Threads, audioContext: 264);

        TestContext.Out.WriteLine($"synthetic (random), 4 s: {pass.Fallbacks} fallbacks, {pass.Tokens.Count} tokens");
        Assert.That(pass.Fallbacks, Is.GreaterThan(0));
    }

    [Test]
    public void WhisperFull_FallbackOff_SameTokensAsWithFallbackOn()
    {
        var samples = Audio(4);
        using var whisper = NativeWhisper.Load(TestModels.PathOf(SyntheticModelSpec.TinyEn), flashAttention: false);

        var on = whisper.Run(samples, Threads, audioContext: 264);
        var off = whisper.Run(samples, Threads, audioContext: 264, fallback: false);

        Assert.That(off.Tokens, Is.EqualTo(on.Tokens));
    }

    private static string PathOf(string model) => TestModels.PathOf(SyntheticModelSpec.Find(model)!);

    /// <summary>Speech, repeated to the length asked.</summary>
    private static float[] Audio(int seconds)
    {
        var speech = TestSpeech.Jfk.Samples;
        return [.. Enumerable.Range(0, seconds * 16000).Select(i => speech[i % speech.Length])];
    }
}
