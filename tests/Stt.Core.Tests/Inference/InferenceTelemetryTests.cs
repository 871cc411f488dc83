using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;
using Stt.Testing;

namespace Stt.Core.Tests.Inference;

/// <summary>Every pass is a span of the <c>Stt</c> source and a measurement of the pass-duration histogram.</summary>
[Unit]
public sealed class InferenceTelemetryTests
{
    [Test]
    public async Task Pass_IsTracedAndMeasured()
    {
        var spans = new List<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SpeechActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(tracing);
        var durations = new List<(double Seconds, string? Priority)>();
        using var metering = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument is { Name: "stt.inference.pass.duration", Meter.Name: SpeechMetrics.MeterName })
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        metering.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            lock (durations)
            {
                durations.Add((value, tags.ToArray().FirstOrDefault(t => t.Key == "priority").Value as string));
            }
        });
        metering.Start();
        await using var harness = await SchedulerHarness.StartAsync(new FakeRecognizer());

        await harness.Scheduler.ScheduleAsync(new InferenceRequest(new float[32000], new RecognitionOptions("en"), PassPriority.Final), CancellationToken.None);

        // The caller is released before the worker closes the span and records the duration.
        await Eventually.TrueAsync(() => Count(spans) > 0 && Count(durations) > 0, TestTimeouts.Unit, () => $"{Count(spans)} spans, {Count(durations)} durations");

        lock (spans)
        {
            var span = spans.Single(s => s.OperationName == "inference final");
            Assert.That(span.GetTagItem("stt.audio.seconds"), Is.EqualTo(2.0));
            Assert.That(span.GetTagItem("stt.queue.wait_ms"), Is.Not.Null);
        }

        lock (durations)
        {
            Assert.That(durations, Has.Some.Matches<(double Seconds, string? Priority)>(d => d.Priority == "final" && d.Seconds >= 0));
        }
    }

    private static int Count<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }
}
