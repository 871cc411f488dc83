using Stt.Server.OpenAi.Realtime;

namespace Stt.Server.Tests.OpenAi;

public sealed class SessionLimitsTests
{
    private static readonly SessionLimits Limits = new(Idle: TimeSpan.FromSeconds(30), Longest: TimeSpan.FromMinutes(10));

    [Test]
    public void Reached_EventsWithinTheLimits_Null()
    {
        Assert.That(Limits.Reached(now: TimeSpan.FromSeconds(40), lastEvent: TimeSpan.FromSeconds(15)), Is.Null);
    }

    [Test]
    public void Reached_SilentForTheIdleTimeout_Idle()
    {
        Assert.That(Limits.Reached(now: TimeSpan.FromSeconds(45), lastEvent: TimeSpan.FromSeconds(15)), Is.EqualTo(SessionEnd.Idle));
    }

    [Test]
    public void Reached_SilentAndPastTheMaximumDuration_MaxDuration()
    {
        Assert.That(Limits.Reached(now: TimeSpan.FromMinutes(10), lastEvent: TimeSpan.FromMinutes(9)), Is.EqualTo(SessionEnd.MaxDuration));
    }

    [Test]
    public void Wait_IdleTimeoutFirst_UntilJustPastIt()
    {
        var wait = Limits.Wait(now: TimeSpan.FromSeconds(20), lastEvent: TimeSpan.FromSeconds(15));

        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(25) + TimeSpan.FromMilliseconds(1)));
        Assert.That(Limits.Reached(TimeSpan.FromSeconds(20) + wait, TimeSpan.FromSeconds(15)), Is.EqualTo(SessionEnd.Idle));
    }

    [Test]
    public void Wait_MaximumDurationFirst_UntilJustPastIt()
    {
        var wait = Limits.Wait(now: TimeSpan.FromSeconds(590), lastEvent: TimeSpan.FromSeconds(589));

        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(10) + TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public void Wait_LimitAlreadyPassed_Negative()
    {
        Assert.That(Limits.Wait(now: TimeSpan.FromSeconds(50), lastEvent: TimeSpan.FromSeconds(15)), Is.LessThan(TimeSpan.Zero));
    }
}
