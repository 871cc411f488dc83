using Microsoft.Extensions.Time.Testing;
using Stt.Core.Admission;

namespace Stt.Core.Tests.Admission;

[Unit]
public sealed class FinalLatencyMonitorTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly object _stream = new();

    [Test]
    public void P95_FewSamples_Null()
    {
        var monitor = new FinalLatencyMonitor(_clock, TimeSpan.FromSeconds(30));
        monitor.Record(_stream, TimeSpan.FromSeconds(3));

        Assert.That(monitor.P95(), Is.Null);
    }

    [Test]
    public void P95_OfTheOpenStreamsInTheWindow()
    {
        var monitor = new FinalLatencyMonitor(_clock, TimeSpan.FromSeconds(30));
        var other = new object();
        for (var i = 1; i <= 100; i++)
        {
            monitor.Record(i % 2 == 0 ? _stream : other, TimeSpan.FromMilliseconds(i * 10));
        }

        Assert.That(monitor.P95(), Is.EqualTo(TimeSpan.FromMilliseconds(950)));
    }

    [Test]
    public void P95_OldSamplesExpire()
    {
        var monitor = new FinalLatencyMonitor(_clock, TimeSpan.FromSeconds(30));
        for (var i = 0; i < 10; i++)
        {
            monitor.Record(_stream, TimeSpan.FromSeconds(5));
        }

        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.That(monitor.P95(), Is.Null, "a slow minute long ago does not keep refusing streams");
    }

    [Test]
    public void Forget_AStreamThatEnded_ItsLatenciesNoLongerCount()
    {
        var monitor = new FinalLatencyMonitor(_clock, TimeSpan.FromSeconds(30));
        var slow = new object();
        for (var i = 0; i < 10; i++)
        {
            monitor.Record(slow, TimeSpan.FromSeconds(5));
            monitor.Record(_stream, TimeSpan.FromMilliseconds(400));
        }

        monitor.Forget(slow);

        Assert.That(monitor.P95(), Is.EqualTo(TimeSpan.FromMilliseconds(400)));
        Assert.That(monitor.Count, Is.EqualTo(10));
    }
}
