using Microsoft.Extensions.Time.Testing;
using Stt.Core.Streaming;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class StreamPaceTests
{
    private const int Second = 16000;

    [Test]
    public void IsRealTime_AudioAsItIsSpoken_True()
    {
        var clock = new FakeTimeProvider();
        var pace = new StreamPace(clock);

        for (var i = 0; i < 10; i++)
        {
            pace.Add(Second);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(pace.IsRealTime, Is.True);
        Assert.That(pace.Received, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void IsRealTime_MoreThanTheSlackAhead_FalseUntilTheClockCatchesUp()
    {
        var clock = new FakeTimeProvider();
        var pace = new StreamPace(clock);

        pace.Add(3 * Second);
        var early = pace.IsRealTime;
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(early, Is.False, "3 s of audio at once is 3 s ahead, past the 2 s of slack");
        Assert.That(pace.IsRealTime, Is.True, "a second later it is 2 s ahead: within the slack");
    }
}
