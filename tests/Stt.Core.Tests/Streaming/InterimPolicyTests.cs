using Stt.Core.Streaming;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class InterimPolicyTests
{
    private const long Second = 16000;
    private static readonly StreamingOptions Options = new(); // first after 0.5 s, every 1 s, growing to a quarter of the length

    [Test]
    public void IsDue_FirstInterim_HalfASecondAfterSpeechStarts()
    {
        var utterance = new InterimState(Start: 0, SpeechStart: Second / 2, LastInterimAt: null, InFlight: false, Paused: false);

        Assert.That(InterimPolicy.IsDue(utterance, Second - 1, workersSaturated: false, Options.Interims), Is.False);
        Assert.That(InterimPolicy.IsDue(utterance, Second, workersSaturated: false, Options.Interims), Is.True);
    }

    [TestCase(2, 1.0, TestName = "IsDue_ShortUtterance_EverySecond")]
    [TestCase(8, 2.0, TestName = "IsDue_EightSecondUtterance_EveryTwoSeconds")]
    [TestCase(16, 4.0, TestName = "IsDue_SixteenSecondUtterance_EveryFourSeconds")]
    public void IsDue_IntervalGrowsWithTheUtterance(double lengthSeconds, double intervalSeconds)
    {
        var now = (long)(lengthSeconds * Second);
        var justBefore = new InterimState(0, 0, now - (long)(intervalSeconds * Second) + 1, false, false);
        var onTime = new InterimState(0, 0, now - (long)(intervalSeconds * Second), false, false);

        Assert.That(InterimPolicy.IsDue(justBefore, now, false, Options.Interims), Is.False);
        Assert.That(InterimPolicy.IsDue(onTime, now, false, Options.Interims), Is.True);
    }

    [Test]
    public void IsDue_GrowthConfigured_UsesIt()
    {
        var options = new StreamingOptions { InterimIntervalGrowth = 0.5 };
        var utterance = new InterimState(0, 0, LastInterimAt: 4 * Second, false, false);

        Assert.That(InterimPolicy.IsDue(utterance, 7 * Second, false, options.Interims), Is.False, "half of 7 s is 3.5 s");
        Assert.That(InterimPolicy.IsDue(utterance, 8 * Second, false, options.Interims), Is.True);
    }

    [TestCase(true, false, false, TestName = "IsDue_InterimInFlight_No")]
    [TestCase(false, true, false, TestName = "IsDue_SpeculativeFinalRunning_No")]
    [TestCase(false, false, true, TestName = "IsDue_EveryWorkerBusy_No")]
    public void IsDue_Blocked_No(bool inFlight, bool paused, bool saturated)
    {
        var overdue = new InterimState(0, 0, null, inFlight, paused);

        Assert.That(InterimPolicy.IsDue(overdue, 10 * Second, saturated, Options.Interims), Is.False);
    }
}
