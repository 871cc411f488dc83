using Microsoft.Extensions.Time.Testing;
using Stt.Core.Streaming;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class AudioAllowanceTests
{
    private static readonly StreamAudioOptions Audio = new() { MaxAheadOfRealTime = TimeSpan.FromSeconds(5) };
    private static readonly StreamLifetimeOptions Lifetime = new() { MaxDuration = TimeSpan.FromSeconds(60) };

    [Test]
    public void Take_LiveStreamWithinTheBurst_Accepted()
    {
        var allowance = IAudioAllowance.For(StreamPacing.Live, Audio, Lifetime, new FakeTimeProvider());

        Assert.DoesNotThrow(() => allowance.Take(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void Take_LiveStreamPastTheBurst_RefusedNamingTheSetting()
    {
        var allowance = IAudioAllowance.For(StreamPacing.Live, Audio, Lifetime, new FakeTimeProvider());
        allowance.Take(TimeSpan.FromSeconds(4.5));

        var refused = Assert.Throws<AudioAllowanceExceededException>(() => allowance.Take(TimeSpan.FromSeconds(1)));

        Assert.That(refused!.Message, Does.Contain("Stt:Streams:MaxAheadOfRealTime").And.Contain("PACING_FILE"));
    }

    [Test]
    public void Take_LiveStreamAtRealTime_RefillsAsTheClockRuns()
    {
        var clock = new FakeTimeProvider();
        var allowance = IAudioAllowance.For(StreamPacing.Live, Audio, Lifetime, clock);
        allowance.Take(TimeSpan.FromSeconds(5));

        for (var second = 0; second < 100; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            allowance.Take(TimeSpan.FromSeconds(1)); // a microphone: one second per second, for ever
        }

        Assert.Throws<AudioAllowanceExceededException>(() => allowance.Take(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public void Take_LiveStreamAfterALongPause_NoMoreThanTheBurstAtOnce()
    {
        var clock = new FakeTimeProvider();
        var allowance = IAudioAllowance.For(StreamPacing.Live, Audio, Lifetime, clock);

        clock.Advance(TimeSpan.FromMinutes(10)); // quiet time does not bank audio beyond the burst

        Assert.Throws<AudioAllowanceExceededException>(() => allowance.Take(TimeSpan.FromSeconds(6)));
        Assert.DoesNotThrow(() => allowance.Take(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void Take_RefusedMessage_TakesNothing()
    {
        var allowance = IAudioAllowance.For(StreamPacing.Live, Audio, Lifetime, new FakeTimeProvider());

        Assert.Throws<AudioAllowanceExceededException>(() => allowance.Take(TimeSpan.FromSeconds(6)));

        Assert.DoesNotThrow(() => allowance.Take(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void Take_FilePacedStream_AnyPaceUpToTheMaximumDuration()
    {
        var allowance = IAudioAllowance.For(StreamPacing.File, Audio, Lifetime, new FakeTimeProvider());
        allowance.Take(TimeSpan.FromSeconds(59));

        var refused = Assert.Throws<AudioAllowanceExceededException>(() => allowance.Take(TimeSpan.FromSeconds(2)));

        Assert.That(refused!.Message, Does.Contain("Stt:Streams:MaxDuration"));
    }
}
