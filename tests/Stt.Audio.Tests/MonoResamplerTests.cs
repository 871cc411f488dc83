
namespace Stt.Audio.Tests;

[Unit]
public sealed class MonoResamplerTests
{
    [TestCase(44100)]
    [TestCase(48000)]
    [TestCase(8000)]
    [TestCase(22050)]
    public void ToWhisperRate_Sine_KeepsFrequencyAndDuration(int rate)
    {
        const double hz = 1000;
        var input = Enumerable.Range(0, rate).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();

        var output = MonoResampler.ToWhisperRate(input, rate);

        Assert.That(output, Has.Length.EqualTo(16000).Within(80));
        var crossings = 0;
        for (var i = 2000; i < 14000; i++)
        {
            if (output[i - 1] < 0 && output[i] >= 0)
            {
                crossings++;
            }
        }

        Assert.That(crossings, Is.EqualTo(750).Within(3), "12000 samples of a 1 kHz tone at 16 kHz hold 750 cycles");
    }

    [Test]
    public void Process_InChunks_MatchesOneShot()
    {
        var input = Enumerable.Range(0, 48000).Select(i => (float)Math.Sin(i * 0.05)).ToArray();
        var chunked = new MonoResampler(48000);
        var parts = new List<float>();
        for (var i = 0; i < input.Length; i += 1000)
        {
            parts.AddRange(chunked.Process(input.AsSpan(i, Math.Min(1000, input.Length - i))).ToArray());
        }

        var whole = MonoResampler.ToWhisperRate(input, 48000);

        Assert.That(parts, Has.Count.EqualTo(whole.Length).Within(2));
        Assert.That(parts[8000], Is.EqualTo(whole[8000]).Within(1e-4));
    }
}
