using Microsoft.Extensions.Options;
using Stt.Core.Detection;
using Stt.Core.Streaming;

namespace Stt.Core.Tests.Detection;

/// <summary>The Silero contexts live streams share (the real model through the native engine): how many are kept idle.</summary>
[Integration]
public sealed class SileroContextPoolTests
{
    [Test]
    public void Return_MoreContextsThanTheIdleBound_KeepsTheBoundAndFreesTheRest()
    {
        using var pool = SileroContextPool.Load(SileroModelFile.BundledPath, maxIdle: 2);
        var rented = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        Assert.That((pool.Rented, pool.Idle), Is.EqualTo((5, 0)));

        rented.ForEach(pool.Return);

        Assert.That((pool.Rented, pool.Idle), Is.EqualTo((0, 2)));
    }

    [Test]
    public void Rent_AfterReturnsBeyondTheBound_ReusesTheContextsKept()
    {
        using var pool = SileroContextPool.Load(SileroModelFile.BundledPath, maxIdle: 2);
        Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList().ForEach(pool.Return);
        var created = pool.Created;

        var again = new[] { pool.Rent(), pool.Rent() };
        again.ToList().ForEach(pool.Return);

        Assert.That(pool.Created, Is.EqualTo(created), "two streams after the burst make no new context");
        Assert.That(pool.Idle, Is.EqualTo(2));
    }

    [Test]
    public void Return_IdleBoundZero_KeepsNone()
    {
        using var pool = SileroContextPool.Load(SileroModelFile.BundledPath, maxIdle: 0);
        Assert.That(pool.Idle, Is.Zero, "not even the one loaded to check the file");

        pool.Return(pool.Rent());

        Assert.That((pool.Rented, pool.Idle), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Create_DetectorsOfMoreStreamsThanMaxIdleVadContexts_KeepsThatManyOnceTheyEnd()
    {
        using var detectors = new SpeechDetectors(Options.Create(new StreamingOptions { MaxIdleVadContexts = 1 }));
        var streams = Enumerable.Range(0, 4).Select(_ => (SileroVoiceActivityDetector)detectors.Create()).ToList();
        Assert.That(detectors.SileroContextsRented, Is.EqualTo(4));

        streams.ForEach(d => d.Dispose());

        Assert.That((detectors.SileroContextsRented, detectors.SileroContextsIdle), Is.EqualTo((0, 1)));
    }
}
