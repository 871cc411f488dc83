using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class EnergyVoiceActivityDetectorTests
{
    private static EnergyVoiceActivityDetector Create() => new(9, -50);

    private static float[] Noise(float level, int seed = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 320).Select(_ => (float)((random.NextDouble() * 2) - 1) * level).ToArray();
    }

    [Test]
    public void IsSpeech_QuietNoise_IsNotSpeech()
    {
        var vad = Create();

        Assert.That(Enumerable.Range(0, 50).Count(i => vad.IsSpeech(Noise(0.0005f, i))), Is.Zero);
    }

    [Test]
    public void IsSpeech_SteadyLoudNoise_IsLearnedAsBackground()
    {
        var vad = Create();
        var decisions = Enumerable.Range(0, 200).Select(i => vad.IsSpeech(Noise(0.02f, i))).ToList();

        Assert.That(decisions.Skip(100).Count(d => d), Is.Zero, "after two seconds steady noise is background");
    }

    [Test]
    public void IsSpeech_VoiceAboveTheFloor_IsSpeech()
    {
        var vad = Create();
        for (var i = 0; i < 50; i++)
        {
            vad.IsSpeech(Noise(0.001f, i));
        }

        Assert.That(vad.IsSpeech(Noise(0.1f)), Is.True);
    }

    [Test]
    public void IsSpeech_RealSpeech_FindsSpeechAndPauses()
    {
        var clip = TestSpeech.Jfk.Samples;
        var vad = Create();
        var frames = clip.Length / 320;
        var speech = Enumerable.Range(0, frames).Count(i => vad.IsSpeech(clip.AsSpan(i * 320, 320)));

        Assert.That((double)speech / frames, Is.InRange(0.3, 0.95), $"share of speech frames in {TestSpeech.Jfk.Source}");
    }
}
