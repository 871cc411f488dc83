using Stt.Core.Admission;
using Stt.Testing;

namespace Stt.Core.Tests.Admission;

public sealed class FinalLatencyMonitorTests
{
    private readonly ManualClock _clock = new();

    [Test]
    public void P95_FewSamples_Null()
    {
        var monitor = new FinalLatencyMonitor(_clock, TimeSpan.FromSeconds(30));
        monitor.Record(TimeSpan.FromSeconds(3));

        Assert.That(monitor.P95(), Is.Null);
    }

    [Test]
    public void P95_OfTheWindow()
    {
        var monitor = new FinalLatencyMonitor(_clock, TimeSpan.FromSeconds(30));
        for (var i = 1; i <= 100; i++)
        {
            monitor.Record(TimeSpan.FromMilliseconds(i * 10));
        }

        Assert.That(monitor.P95(), Is.EqualTo(TimeSpan.FromMilliseconds(950)));
    }

    [Test]
    public void P95_OldSamplesExpire()
    {
        var monitor = new FinalLatencyMonitor(_clock, TimeSpan.FromSeconds(30));
        for (var i = 0; i < 10; i++)
        {
            monitor.Record(TimeSpan.FromSeconds(5));
        }

        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.That(monitor.P95(), Is.Null, "a slow minute long ago does not keep refusing streams");
    }
}
