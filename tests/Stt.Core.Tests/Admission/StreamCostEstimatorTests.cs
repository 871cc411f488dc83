using Stt.Core.Admission;
using Stt.Testing;

namespace Stt.Core.Tests.Admission;

public sealed class StreamCostEstimatorTests
{
    private readonly ManualClock _clock = new();

    [Test]
    public void Cost_BeforeEnoughStreamSeconds_Unknown()
    {
        var estimator = new StreamCostEstimator(_clock, TimeSpan.FromSeconds(60));
        estimator.StreamStarted();
        _clock.Advance(TimeSpan.FromSeconds(5));
        estimator.FinalPass(0.5);

        Assert.That(estimator.CostPerStreamSecond, Is.Null);
    }

    [Test]
    public void Cost_SteadyLoad_IsFinalCoreSecondsPerStreamSecond()
    {
        var estimator = new StreamCostEstimator(_clock, TimeSpan.FromSeconds(600));
        estimator.StreamStarted();
        estimator.StreamStarted();
        for (var second = 0; second < 30; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            estimator.FinalPass(0.2); // two streams cost 0.2 core-s per second together
        }

        Assert.That(estimator.CostPerStreamSecond, Is.EqualTo(0.1).Within(0.005));
    }

    [Test]
    public void Cost_FollowsTheRecentMix()
    {
        var estimator = new StreamCostEstimator(_clock, TimeSpan.FromSeconds(30));
        estimator.StreamStarted();
        for (var second = 0; second < 300; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            estimator.FinalPass(second < 150 ? 0.05 : 0.3);
        }

        Assert.That(estimator.CostPerStreamSecond, Is.EqualTo(0.3).Within(0.01), "old cheap minutes have decayed away");
    }

    [Test]
    public void Streams_CountsStartsAndEnds()
    {
        var estimator = new StreamCostEstimator(_clock, TimeSpan.FromSeconds(60));
        estimator.StreamStarted();
        estimator.StreamStarted();
        estimator.StreamEnded();

        Assert.That(estimator.Streams, Is.EqualTo(1));
    }
}
