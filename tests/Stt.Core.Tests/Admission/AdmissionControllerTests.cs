using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stt.Core.Admission;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;
using Stt.Core.Tests.Inference;

namespace Stt.Core.Tests.Admission;

[Unit]
public sealed class AdmissionControllerTests
{
    private readonly FakeTimeProvider _clock = new();
    private FakeInferenceLoad _load = new();

    [SetUp]
    public void CreateLoad() => _load = new FakeInferenceLoad { Workers = 2 }; // NUnit shares one instance between tests

    private AdmissionController Create(AdmissionOptions options) =>
        new(_load, Options.Create(options), new SpeechMetrics(), new LiveStreamMeter(_clock, Options.Create(options)));

    [Test]
    public void TryAdmit_CostUnknown_AdmitsAndCounts()
    {
        var admission = Create(new AdmissionOptions());

        Assert.That(admission.TryAdmit(out var lease, out _), Is.True);
        Assert.That(admission.ActiveStreams, Is.EqualTo(1));
        lease!.Dispose();
        lease.Dispose();
        Assert.That(admission.ActiveStreams, Is.Zero, "a lease is released once");
    }

    [Test]
    public void TryAdmit_OpenStreamsFinalsTooSlow_RefusedUntilTheyAgeOut()
    {
        var admission = Create(new AdmissionOptions { FinalLatencyBound = TimeSpan.FromSeconds(1) });
        Assert.That(admission.TryAdmit(out var open, out _), Is.True);
        var stream = new object();
        for (var i = 0; i < 10; i++)
        {
            admission.Meter.FinalSent(stream, TimeSpan.FromSeconds(2));
        }

        Assert.That(admission.TryAdmit(out _, out var refusal), Is.False);
        Assert.That(refusal!.Reason, Is.EqualTo("latency"));
        Assert.That(refusal.Message, Does.Contain("2.0 s"));

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.That(admission.TryAdmit(out _, out _), Is.True);
        open!.Dispose();
    }

    [Test]
    public void TryAdmit_IdleServerAfterSlowFinals_AlwaysAdmitsOne()
    {
        var admission = Create(new AdmissionOptions { FinalLatencyBound = TimeSpan.FromSeconds(1), MeasurementWindow = TimeSpan.FromSeconds(600) });
        Assert.That(admission.TryAdmit(out var first, out _), Is.True);
        admission.Meter.AudioReceived(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 10; i++)
        {
            admission.Meter.FinalSent(first!, TimeSpan.FromSeconds(3));
            ReportFinal(coreSeconds: 30); // as expensive as it gets: one core-second per second of audio
        }

        first!.Dispose();
        admission.Meter.StreamEnded(first);

        Assert.That(admission.TryAdmit(out var next, out var refusal), Is.True, refusal?.Message);
        Assert.That(admission.TryAdmit(out _, out refusal), Is.False, "the measured cost still speaks for the next one");
        Assert.That(refusal!.Reason, Is.EqualTo("capacity"));
        next!.Dispose();
    }

    [Test]
    public void TryAdmit_SlowFinalsOfAStreamThatEnded_DoNotRefuse()
    {
        var admission = Create(new AdmissionOptions { FinalLatencyBound = TimeSpan.FromSeconds(1) });
        Assert.That(admission.TryAdmit(out var gone, out _), Is.True);
        Assert.That(admission.TryAdmit(out var staying, out _), Is.True);
        var goneStream = new object();
        for (var i = 0; i < 10; i++)
        {
            admission.Meter.FinalSent(goneStream, TimeSpan.FromSeconds(4));
        }

        gone!.Dispose();
        admission.Meter.StreamEnded(goneStream);

        Assert.That(admission.TryAdmit(out _, out var refusal), Is.True, refusal?.Message);
        staying!.Dispose();
    }

    [Test]
    public void TryAdmit_FixedCeiling_RefusesPastIt()
    {
        var admission = Create(new AdmissionOptions { MaxStreams = 2 });

        Assert.That(admission.TryAdmit(out _, out _) && admission.TryAdmit(out _, out _), Is.True);
        Assert.That(admission.TryAdmit(out _, out var refusal), Is.False);
        Assert.That(refusal!.Reason, Is.EqualTo("capacity"));
        Assert.That(admission.IsRefusing, Is.True);
    }

    [Test]
    public void TryAdmit_MeasuredCost_CapacityIsCoresTimesUtilisationOverCost()
    {
        var admission = Create(new AdmissionOptions { TargetUtilization = 0.5, MeasurementWindow = TimeSpan.FromSeconds(600) });
        Assert.That(admission.TryAdmit(out var lease, out _), Is.True);

        // One stream for 60 s whose finals cost 0.25 core-s per second of audio (one pass of 2.5 s every 10 s).
        for (var second = 10; second <= 60; second += 10)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            admission.Meter.AudioReceived(TimeSpan.FromSeconds(10));
            ReportFinal(coreSeconds: 2.5);
        }

        var expected = (int)Math.Floor(Environment.ProcessorCount * 0.5 / 0.25);
        Assert.That(admission.EstimatedCapacity, Is.EqualTo(Math.Max(1, expected)).Within(1));
        lease!.Dispose();
    }

    [Test]
    public void TryAdmit_FinalsQueueingForEveryWorker_RefusedAsBacklog()
    {
        var admission = Create(new AdmissionOptions());
        Assert.That(admission.TryAdmit(out var lease, out _), Is.True);

        _load.QueuedFinals = _load.Workers;

        Assert.That(admission.TryAdmit(out _, out var refusal), Is.False);
        Assert.That(refusal!.Reason, Is.EqualTo("backlog"));
        _load.QueuedFinals = _load.Workers - 1;
        Assert.That(admission.IsRefusing, Is.False, "fewer queued finals than workers is no backlog");
        lease!.Dispose();
    }

    [Test]
    public void TryAdmit_InterimAndFilePasses_DoNotCountTowardTheCost()
    {
        var admission = Create(new AdmissionOptions { MeasurementWindow = TimeSpan.FromSeconds(600) });
        Assert.That(admission.TryAdmit(out var lease, out _), Is.True);
        admission.Meter.AudioReceived(TimeSpan.FromSeconds(10));

        _load.Complete(new CompletedPass(PassPriority.Interim, 16000 * 5, 1, TimeSpan.Zero, TimeSpan.FromSeconds(30), Live: true));
        _load.Complete(new CompletedPass(PassPriority.Final, 16000 * 5, 1, TimeSpan.Zero, TimeSpan.FromSeconds(30), Live: false));

        Assert.That(admission.EstimatedCapacity, Is.Null, "no live final has been measured");
        lease!.Dispose();
    }

    private void ReportFinal(double coreSeconds) =>
        _load.Complete(new CompletedPass(PassPriority.Final, 16000 * 5, 1, TimeSpan.Zero, TimeSpan.FromSeconds(coreSeconds), Live: true));
}
