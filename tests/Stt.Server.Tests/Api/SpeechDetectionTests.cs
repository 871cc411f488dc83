using Google.Protobuf;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>The shipped speech detector (Silero) in the real server: noise never reaches the model, speech does, and the summaries say how much of each.</summary>
[Integration]
public sealed class SpeechDetectionTests : ServerTests
{
    private static float[] Noise()
    {
        var file = RepositoryPaths.SharedModels is { } models ? Path.Combine(models, "..", "noise", "street_traffic.wav") : null;
        if (file is not null && File.Exists(file))
        {
            return Stt.Audio.WavReader.Read(File.ReadAllBytes(file), Stt.Audio.AudioBudget.Unlimited).Samples;
        }

        TestContext.Out.WriteLine("NOTE: ../shared/noise is absent; using generated white noise");
        var random = new Random(11);
        return [.. Enumerable.Range(0, 16000 * 10).Select(_ => 0.3f * (float)(random.NextDouble() * 2 - 1))];
    }

    [Test]
    public async Task Transcribe_Noise_NothingReachesTheModel()
    {
        var noise = Noise();

        var response = await Server.Client.TranscribeAsync(
            new TranscribeRequest { Content = ByteString.CopyFrom(WavWriter.Write(noise, 16000)) }, deadline: DateTime.UtcNow + TestTimeouts.Server);

        Assert.That(response.Segments, Is.Empty);
        Assert.That(response.Summary.Utterances, Is.Zero);
        Assert.That(response.Summary.TranscribedSeconds, Is.Zero);
        Assert.That(response.Summary.RejectedSeconds, Is.EqualTo(noise.Length / 16000.0).Within(0.05));
        Assert.That(response.InferenceSeconds, Is.Zero);
    }

    [Test]
    public async Task StreamingTranscribe_NoiseThenSpeech_OnlyTheSpeechIsTranscribedAndTheSummarySaysSo()
    {
        var clip = TestSpeech.Jfk;
        float[] audio = [.. Noise().Take(16000 * 5).Select(s => s * 0.5f), .. clip.Samples];

        var run = await StreamRun.OpusAsync(Server.Client, OpusEncoding.Encode(audio), StreamRun.OpusConfig(), Pacing.AsFastAsPossible, packetsPerMessage: 10).WaitAsync(TestTimeouts.Server);

        var finals = run.Finals.ToList();
        Assert.That(finals, Is.Not.Empty);
        Assert.That(finals[0].Start.ToTimeSpan(), Is.GreaterThan(TimeSpan.FromSeconds(4.5)), "nothing of the noise before the speech is transcribed");
        var summary = run.Summary!;
        TestContext.Out.WriteLine($"summary: {summary}");
        Assert.That(summary.RejectedSeconds + summary.TranscribedSeconds, Is.EqualTo(summary.AudioSeconds).Within(0.01));
        Assert.That(summary.RejectedSeconds, Is.GreaterThan(4.5));
        Assert.That(summary.TranscribedSeconds, Is.GreaterThan(clip.Duration.TotalSeconds * 0.6));
    }
}
