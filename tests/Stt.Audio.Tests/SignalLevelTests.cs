namespace Stt.Audio.Tests;

[Unit]
public sealed class SignalLevelTests
{
    [Test]
    public void Dbfs_FullScaleSquareWave_IsZero()
    {
        var samples = Enumerable.Range(0, 320).Select(i => i % 2 == 0 ? 1f : -1f).ToArray();

        Assert.That(SignalLevel.Dbfs(samples), Is.EqualTo(0).Within(1e-9));
    }

    [Test]
    public void Dbfs_HalfAmplitude_IsSixDecibelsDown()
    {
        var samples = Enumerable.Repeat(0.5f, 320).ToArray();

        Assert.That(SignalLevel.Dbfs(samples), Is.EqualTo(20 * Math.Log10(0.5)).Within(1e-9));
    }

    [Test]
    public void Dbfs_SilenceOrNothing_IsTheSilenceLevel()
    {
        Assert.That(SignalLevel.Dbfs(new float[320]), Is.EqualTo(SignalLevel.Silence));
        Assert.That(SignalLevel.Dbfs([]), Is.EqualTo(SignalLevel.Silence));
        Assert.That(SignalLevel.Dbfs(Enumerable.Repeat(1e-6f, 320).ToArray()), Is.EqualTo(SignalLevel.Silence), "below the floor counts as silence");
    }
}
