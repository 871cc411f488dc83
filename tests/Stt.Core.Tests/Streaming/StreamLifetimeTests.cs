using Microsoft.Extensions.Time.Testing;
using Stt.Core.Streaming;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class StreamLifetimeTests
{
    private static readonly StreamLifetimeOptions Options = new() { IdleTimeout = TimeSpan.FromSeconds(30), MaxDuration = TimeSpan.FromMinutes(2) };

    [Test]
    public void Due_JustOpened_Null()
    {
        var lifetime = new StreamLifetime(Options, new FakeTimeProvider());

        Assert.That(lifetime.Due(draining: false), Is.Null);
        Assert.That(lifetime.TimeLeft, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Due_NoAudioForTheIdleTimeout_Idle()
    {
        var clock = new FakeTimeProvider();
        var lifetime = new StreamLifetime(Options, clock);

        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.That(lifetime.Due(draining: false), Is.EqualTo(StreamEndReason.Idle));
        Assert.That(lifetime.TimeLeft, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Due_AudioWithinTheIdleTimeout_IdleTimeoutStartsAgain()
    {
        var clock = new FakeTimeProvider();
        var lifetime = new StreamLifetime(Options, clock);
        clock.Advance(TimeSpan.FromSeconds(20));

        lifetime.RecordActivity();
        clock.Advance(TimeSpan.FromSeconds(20));

        Assert.That(lifetime.Due(draining: false), Is.Null);
        Assert.That(lifetime.TimeLeft, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Due_AudioThroughoutTheMaximumDuration_MaxDuration()
    {
        var clock = new FakeTimeProvider();
        var lifetime = new StreamLifetime(Options, clock);
        for (var second = 0; second < 120; second += 10)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            lifetime.RecordActivity();
        }

        Assert.That(lifetime.Due(draining: false), Is.EqualTo(StreamEndReason.MaxDuration));
    }

    [Test]
    public void TimeLeft_NearTheMaximumDuration_TheRestOfIt()
    {
        var clock = new FakeTimeProvider();
        var lifetime = new StreamLifetime(Options, clock);
        clock.Advance(TimeSpan.FromSeconds(110));

        lifetime.RecordActivity();

        Assert.That(lifetime.TimeLeft, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(lifetime.EndReason(draining: false), Is.EqualTo(StreamEndReason.MaxDuration));
    }

    [Test]
    public void Due_Draining_DrainingBeforeAnyDeadline()
    {
        var clock = new FakeTimeProvider();
        var lifetime = new StreamLifetime(Options, clock);
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.That(lifetime.Due(draining: true), Is.EqualTo(StreamEndReason.Draining));
    }

    [Test]
    public void EndReason_BothDeadlinesPassed_TheOneThatCameFirst()
    {
        var clock = new FakeTimeProvider();
        var lifetime = new StreamLifetime(Options, clock);
        clock.Advance(TimeSpan.FromSeconds(100));
        lifetime.RecordActivity();

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.That(lifetime.EndReason(draining: false), Is.EqualTo(StreamEndReason.MaxDuration), "the maximum duration at 120 s, before idle at 130 s");
    }

    [Test]
    public void EndReason_DeadlinesCoincide_MaxDuration()
    {
        var clock = new FakeTimeProvider();
        var lifetime = new StreamLifetime(Options, clock);
        clock.Advance(TimeSpan.FromSeconds(90));

        lifetime.RecordActivity();

        Assert.That(lifetime.EndReason(draining: false), Is.EqualTo(StreamEndReason.MaxDuration));
    }

    [Test]
    public void Ended_ActivityMovesIt_CancelledAtTheIdleTimeoutAfterTheLastAudio()
    {
        var clock = new FakeTimeProvider();
        using var lifetime = new StreamLifetime(Options, clock);
        clock.Advance(TimeSpan.FromSeconds(20));
        lifetime.RecordActivity();

        clock.Advance(TimeSpan.FromSeconds(29));
        var before = lifetime.Ended.IsCancellationRequested;
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(before, Is.False, "29 s after the last audio");
        Assert.That(lifetime.Ended.IsCancellationRequested, Is.True);
        Assert.That(lifetime.EndReason(draining: false), Is.EqualTo(StreamEndReason.Idle));
    }

    [Test]
    public void Ended_SteadyAudio_CancelledAtTheMaximumDuration()
    {
        var clock = new FakeTimeProvider();
        using var lifetime = new StreamLifetime(Options, clock);

        for (var i = 0; i < 11; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            lifetime.RecordActivity();
        }

        var before = lifetime.Ended.IsCancellationRequested;
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.That(before, Is.False, "110 s old");
        Assert.That(lifetime.Ended.IsCancellationRequested, Is.True, "two minutes old");
        Assert.That(lifetime.EndReason(draining: false), Is.EqualTo(StreamEndReason.MaxDuration));
    }

    [Test]
    public void Ended_Draining_CancelledAtTheEndOfTheGraceWhateverTheAudio()
    {
        var clock = new FakeTimeProvider();
        using var lifetime = new StreamLifetime(Options, clock);

        lifetime.Drain(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromMilliseconds(600));
        lifetime.RecordActivity(); // audio still on its way is taken, but does not extend the grace
        var before = lifetime.Ended.IsCancellationRequested;
        clock.Advance(TimeSpan.FromMilliseconds(400));

        Assert.That(before, Is.False);
        Assert.That(lifetime.Ended.IsCancellationRequested, Is.True);
    }

    [Test]
    public void Ended_DrainingWithNoGrace_CancelledAtOnce()
    {
        using var lifetime = new StreamLifetime(Options, new FakeTimeProvider());

        lifetime.Drain(TimeSpan.Zero);

        Assert.That(lifetime.Ended.IsCancellationRequested, Is.True);
    }

    [Test]
    public void Ended_BusyPastTheIdleTimeout_NotEndedWhileBusy()
    {
        var clock = new FakeTimeProvider();
        using var lifetime = new StreamLifetime(Options, clock);

        using (lifetime.Busy())
        {
            clock.Advance(TimeSpan.FromSeconds(40)); // a fast sender held back by its finals
            Assert.That(lifetime.Ended.IsCancellationRequested, Is.False, "taking audio is not silence");
        }

        lifetime.RecordActivity();
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.That(lifetime.Ended.IsCancellationRequested, Is.True, "30 s after the audio was taken");
        Assert.That(lifetime.EndReason(draining: false), Is.EqualTo(StreamEndReason.Idle));
    }

    [Test]
    public void Ended_BusyAtTheMaximumDuration_Ended()
    {
        var clock = new FakeTimeProvider();
        using var lifetime = new StreamLifetime(Options, clock);

        using (lifetime.Busy())
        {
            clock.Advance(TimeSpan.FromMinutes(2));

            Assert.That(lifetime.Ended.IsCancellationRequested, Is.True);
        }
    }
}
