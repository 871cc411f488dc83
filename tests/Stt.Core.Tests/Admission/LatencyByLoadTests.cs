using Stt.Core.Admission;
using Stt.Testing;

namespace Stt.Core.Tests.Admission;

public sealed class LatencyByLoadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private readonly ManualClock _clock = new();

    private LatencyByLoad With(params (int Streams, double Seconds)[] levels)
    {
        var byLoad = new LatencyByLoad(_clock, TimeSpan.FromMinutes(10));
        foreach (var (streams, seconds) in levels)
        {
            for (var i = 0; i < 20; i++)
            {
                byLoad.Record(streams, TimeSpan.FromSeconds(seconds * (0.8 + (i * 0.01))));
            }
        }

        return byLoad;
    }

    [Test]
    public void Capacity_NothingMeasured_Unknown() => Assert.That(With().Capacity(Bound), Is.Null);

    [Test]
    public void Capacity_LastMeasuredLevelWithinTheBound_AndOneEstimatedStepWhenThatFitsToo()
    {
        // p95 0.475 s at 1, 0.57 s at 2; floor 0.32 s: at 3, 0.32 + 0.25 x 3/2 = 0.70 s fits; at 4 it is unknown.
        Assert.That(With((1, 0.5), (2, 0.6)).Capacity(Bound), Is.EqualTo(3));
    }

    [Test]
    public void Capacity_EstimatedStepPastTheBound_StopsAtTheMeasuredLevel()
    {
        // p95 0.78 s at 1 stream, floor 0.64 s: at 2, 0.64 + 0.14 x 2 = 0.92 s fits; with p95 0.95 s it would not.
        Assert.That(With((1, 0.82)).Capacity(Bound), Is.EqualTo(2));
        Assert.That(With((1, 1.0)).Capacity(Bound), Is.EqualTo(1));
    }

    [Test]
    public void Capacity_MeasuredLevelPastTheBound_IsTheLevelBelowIt()
    {
        Assert.That(With((1, 0.7), (2, 1.2), (3, 1.4)).Capacity(Bound), Is.EqualTo(1));
    }

    [Test]
    public void Capacity_OldMeasurementsAreForgotten()
    {
        var byLoad = With((1, 0.7), (2, 1.2));
        _clock.Advance(TimeSpan.FromMinutes(11));

        Assert.That(byLoad.Capacity(Bound), Is.Null);
    }
}
