using Microsoft.Extensions.Time.Testing;
using Stt.Core.Admission;

namespace Stt.Core.Tests.Admission;

[Unit]
public sealed class StreamCostEstimatorTests
{
    private readonly FakeTimeProvider _clock = new();

    [Test]
    public void Cost_BeforeEnoughAudio_Unknown()
    {
        var estimator = new StreamCostEstimator(_clock, TimeSpan.FromSeconds(60));
        estimator.AudioReceived(5);
        estimator.FinalPass(0.5);

        Assert.That(estimator.CostPerAudioSecond, Is.Null);
    }

    [Test]
    public void Cost_SteadyLoad_IsFinalCoreSecondsPerAudioSecond()
    {
        var estimator = new StreamCostEstimator(_clock, TimeSpan.FromSeconds(600));
        for (var second = 0; second < 30; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            estimator.AudioReceived(2); // two real-time streams
            estimator.FinalPass(0.2); // costing 0.2 core-s per second together
        }

        Assert.That(estimator.CostPerAudioSecond, Is.EqualTo(0.1).Within(0.005));
    }

    [Test]
    public void Cost_AudioSentFasterThanRealTime_ChargedPerSecondOfAudio()
    {
        var estimator = new StreamCostEstimator(_clock, TimeSpan.FromSeconds(60));
        estimator.StreamStarted();
        estimator.AudioReceived(30); // a 30-s recording in one second
        _clock.Advance(TimeSpan.FromSeconds(1));
        estimator.FinalPass(3);
        estimator.StreamEnded();

        Assert.That(estimator.CostPerAudioSecond, Is.EqualTo(0.1).Within(0.005), "what its audio costs, not 3 core-s per stream-second");
    }

    [Test]
    public void Cost_FollowsTheRecentMix()
    {
        var estimator = new StreamCostEstimator(_clock, TimeSpan.FromSeconds(30));
        for (var second = 0; second < 300; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            estimator.AudioReceived(1);
            estimator.FinalPass(second < 150 ? 0.05 : 0.3);
        }

        Assert.That(estimator.CostPerAudioSecond, Is.EqualTo(0.3).Within(0.01), "old cheap minutes have decayed away");
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
