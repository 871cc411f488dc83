using Microsoft.Extensions.Options;
using Stt.Core.Detection;
using Stt.Core.Models;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Detection;

/// <summary>The real Silero model through the native engine: what it calls speech, and the files it refuses.</summary>
[Integration]
public sealed class SileroVoiceActivityDetectorTests
{
    private static SpeechDetectors Silero(string? model = null) => new(Options.Create(new StreamingOptions { VadModel = model }));

    private static int SpeechFrames(IVoiceActivityDetector detector, float[] samples)
    {
        var speech = 0;
        for (var offset = 0; offset + StreamingOptions.FrameSamples <= samples.Length; offset += StreamingOptions.FrameSamples)
        {
            speech += detector.IsSpeech(samples.AsSpan(offset, StreamingOptions.FrameSamples)) ? 1 : 0;
        }

        return speech;
    }

    /// <summary>Speech frames one detector finds in <paramref name="clip"/>, alone, then returned to the pool.</summary>
    private static int SpeechFramesAlone(SpeechDetectors detectors, float[] clip)
    {
        using var detector = (SileroVoiceActivityDetector)detectors.Create();
        return SpeechFrames(detector, clip);
    }

    [Test]
    public void IsSpeech_SilenceAndWhiteNoise_NeverSpeech()
    {
        using var detectors = Silero();
        var random = new Random(3);
        float[] audio = [.. new float[16000 * 3], .. Enumerable.Range(0, 16000 * 5).Select(_ => 0.3f * (float)(random.NextDouble() * 2 - 1))];

        var detector = (SileroVoiceActivityDetector)detectors.Create();
        using (detector)
        {
            Assert.That(SpeechFrames(detector, audio), Is.Zero);
            Assert.That(detector.Windows, Is.EqualTo(audio.Length / SileroVoiceActivityDetector.WindowSamples));
        }
    }

    [Test]
    public void IsSpeech_Speech_FindsMostOfIt()
    {
        var clip = TestSpeech.Jfk;
        if (clip.Source == "generated tones")
        {
            Assert.Ignore("no speech to detect: neither ../shared/audio nor espeak-ng is available");
        }

        using var detectors = Silero();
        using var detector = (SileroVoiceActivityDetector)detectors.Create();

        var speechSeconds = SpeechFrames(detector, clip.Samples) * 0.02;

        TestContext.Out.WriteLine($"{clip.Source}: {speechSeconds:0.00} s of {clip.Samples.Length / 16000.0:0.00} s marked as speech");
        Assert.That(speechSeconds, Is.GreaterThan(clip.Samples.Length / 16000.0 * 0.4));
    }

    [Test]
    public void Create_StreamsOneAfterAnother_ReuseOneContextWithFreshState()
    {
        using var detectors = Silero();
        var clip = TestSpeech.Jfk.Samples;
        int first, second;
        using (var detector = (SileroVoiceActivityDetector)detectors.Create())
        {
            first = SpeechFrames(detector, clip);
        }

        using (var detector = (SileroVoiceActivityDetector)detectors.Create())
        {
            second = SpeechFrames(detector, clip);
        }

        Assert.That(second, Is.EqualTo(first), "a returned context must start the next stream from a reset state");
    }

    [Test]
    public async Task IsSpeech_EightStreamsAtOnce_DecideAsOneStreamAlone()
    {
        using var detectors = Silero();
        var clip = TestSpeech.Jfk.Samples;
        var alone = SpeechFramesAlone(detectors, clip);
        var created = Enumerable.Range(0, 8).Select(_ => (SileroVoiceActivityDetector)detectors.Create()).ToList();
        var together = await Task.WhenAll(created.Select(d => Task.Run(() =>
        {
            using var detector = d;
            return SpeechFrames(detector, clip);
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(together, Has.All.EqualTo(alone));
    }

    [Test]
    public void IsSpeech_EightStreamsInterleavedOnOneThread_DecideAsOneStreamAlone()
    {
        using var detectors = Silero();
        var clip = TestSpeech.Jfk.Samples;
        var alone = SpeechFramesAlone(detectors, clip);
        var created = Enumerable.Range(0, 8).Select(_ => (SileroVoiceActivityDetector)detectors.Create()).ToList();
        var counts = new int[8];
        for (var offset = 0; offset + StreamingOptions.FrameSamples <= clip.Length; offset += StreamingOptions.FrameSamples)
        {
            for (var i = 0; i < 8; i++)
            {
                counts[i] += created[i].IsSpeech(clip.AsSpan(offset, StreamingOptions.FrameSamples)) ? 1 : 0;
            }
        }

        created.ForEach(d => d.Dispose());
        Assert.That(counts, Has.All.EqualTo(alone));
    }

    [Test]
    public void Load_WhisperModelAsVadModel_RefusedBeforeTheEngineSeesIt()
    {
        using var detectors = Silero(TestModels.Synthetic);

        var error = Assert.Throws<ModelFileException>(detectors.Load);

        Assert.That(error!.Message, Does.Contain(TestModels.Synthetic).And.Contain("not a Silero VAD model").And.Contain("Stt:Streaming:Vad"));
    }

    [Test]
    public void Load_MissingFile_NamesTheFileAndTheFix()
    {
        using var detectors = Silero("/nonexistent/ggml-silero.bin");

        var error = Assert.Throws<ModelFileException>(detectors.Load);

        Assert.That(error!.Message, Does.Contain("/nonexistent/ggml-silero.bin").And.Contain("does not exist").And.Contain("Stt:Streaming:VadModel"));
    }

    [Test]
    public void Load_TruncatedSileroFile_RefusedWithoutCrashing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stt-truncated-silero-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(SileroModelFile.BundledPath).AsSpan(0, 40_000).ToArray());
        try
        {
            using var detectors = Silero(path);

            var error = Assert.Throws<ModelFileException>(detectors.Load);

            Assert.That(error!.Message, Does.Contain(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Create_EnergyConfigured_LoadsNoModel()
    {
        using var detectors = new SpeechDetectors(Options.Create(new StreamingOptions { Vad = VoiceActivityDetection.Energy, VadModel = "/nonexistent" }));

        detectors.Load();

        Assert.That(detectors.Create(), Is.TypeOf<EnergyVoiceActivityDetector>());
    }
}
