using Microsoft.Extensions.Options;
using Stt.Audio;
using Stt.Core.Detection;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Testing;
using Whisper.net;

namespace Stt.Core.Tests.Detection;

/// <summary>
/// Speech Silero finds hard (quiet, behind noise, from the very first sample) streamed through a real stream transcriber with
/// the real detector: every stretch of speech (offline Silero segments of the clean recording, padded) must be
/// inside the audio of a final pass, so no word is kept from the model.
/// </summary>
[Integration]
public sealed class MarginalSpeechTests
{
    private static readonly TimeSpan Timeout = TestTimeouts.Server;

    [TestCase("quiet", TestName = "Stream_QuietSpeech_EveryWordReachesAFinal")]
    [TestCase("after noise", TestName = "Stream_SpeechAfterAndUnderNoise_EveryWordReachesAFinal")]
    [TestCase("at start", TestName = "Stream_SpeechFromTheFirstSample_EveryWordReachesAFinal")]
    public async Task Stream_MarginalSpeech_EveryWordReachesAFinal(string variant)
    {
        var clip = TestSpeech.Jfk;
        if (clip.Source == "generated tones")
        {
            Assert.Ignore("no speech to detect: neither ../shared/audio nor espeak-ng is available");
        }

        var speech = ReferenceSpeech(clip.Samples);
        var (audio, shift) = variant switch
        {
            "quiet" => ([.. clip.Samples.Select(s => s * 0.1f)], 0),
            "after noise" => AfterNoise(clip.Samples),
            _ => (clip.Samples[(int)speech[0].Start..], -speech[0].Start),
        };
        speech = [.. speech.Select(s => (Math.Max(0, s.Start + shift), s.End + shift))];

        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer
        {
            Segments = samples => [new TranscriptSegment(TimeSpan.Zero, AudioTime.FromSamples(samples.Length), "words", 0.9f, 0.01f, "en", [], -0.1f)],
        });
        using var detectors = new SpeechDetectors(Options.Create(new StreamingOptions()));
        var finals = await StreamAsync(harness, detectors, audio);

        TestContext.Out.WriteLine($"{clip.Source}, {variant}: speech {string.Join(", ", speech.Select(Span))}; finals {string.Join(", ", finals.Select(Span))}");
        foreach (var (start, end) in speech)
        {
            Assert.That(finals.Any(f => f.Start <= start && f.End >= end), $"speech at {Span((start, end))} is not inside any final");
        }
    }

    private static string Span((long Start, long End) s) => $"{s.Start / 16000.0:0.00}-{s.End / 16000.0:0.00} s";

    private static List<(long Start, long End)> ReferenceSpeech(float[] clean)
    {
        using var factory = WhisperVadFactory.FromPath(SileroModelFile.BundledPath);
        using var reference = factory.CreateBuilder().WithThreads(1).Build();
        return [.. reference.DetectSpeech(clean).Select(s => (AudioTime.ToSamples(s.Start), Math.Min(clean.Length, AudioTime.ToSamples(s.End))))];
    }

    /// <summary>Three seconds of street noise (generated pink noise without ../shared), then the speech with the noise under it at a quarter of its peak.</summary>
    private static (float[] Audio, long Shift) AfterNoise(float[] speech)
    {
        var file = RepositoryPaths.SharedModels is { } models ? Path.Combine(models, "..", "noise", "street_traffic.wav") : null;
        float[] noise;
        if (file is not null && File.Exists(file))
        {
            noise = WavReader.Read(File.ReadAllBytes(file), AudioBudget.Unlimited).Samples;
        }
        else
        {
            TestContext.Out.WriteLine("NOTE: ../shared/noise is absent; using generated brown noise");
            var random = new Random(5);
            var level = 0f;
            noise = [.. Enumerable.Range(0, 16000 * 20).Select(_ => level = Math.Clamp(level * 0.98f + (float)(random.NextDouble() - 0.5) * 0.1f, -1, 1))];
        }

        var gain = speech.Max(Math.Abs) / 4 / noise.Max(Math.Abs);
        var lead = 3 * AudioTime.SampleRate;
        var mixed = new float[lead + speech.Length];
        for (var i = 0; i < mixed.Length; i++)
        {
            mixed[i] = (noise[i % noise.Length] * gain) + (i >= lead ? speech[i - lead] : 0);
        }

        return (mixed, lead);
    }

    private static async Task<List<(long Start, long End)>> StreamAsync(SchedulerHarness harness, SpeechDetectors detectors, float[] audio)
    {
        var factory = new StreamTranscriberFactory(harness.Scheduler, Options.Create(new StreamingOptions()), detectors, SegmentFilter.Default);
        await using var transcriber = factory.Create(new StreamRequest(new RecognitionOptions("en"), InterimResults: false), null, CancellationToken.None);
        var finals = new List<(long, long)>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in transcriber.Events.ReadAllAsync())
            {
                if (e is SegmentEvent { IsFinal: true } final)
                {
                    finals.Add((AudioTime.ToSamples(final.Start), AudioTime.ToSamples(final.End)));
                }
            }
        });
        for (var i = 0; i < audio.Length; i += 320)
        {
            await transcriber.AcceptSamplesAsync(audio.AsMemory(i, Math.Min(320, audio.Length - i)), CancellationToken.None);
        }

        await transcriber.CompleteAsync(CancellationToken.None).WaitAsync(Timeout);
        await reading.WaitAsync(Timeout);
        return finals;
    }
}
