using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stt.Core.Inference;

namespace Stt.Core.Diagnostics;

/// <summary>
/// The service's measurements, on the <c>Stt</c> meter (exported for Prometheus by the host). Names follow the
/// OpenTelemetry conventions: seconds for durations, a unit on every instrument, lower-case dotted names.
/// </summary>
public sealed class SpeechMetrics : IDisposable
{
    /// <summary>The meter's name, for exporters and listeners.</summary>
    public const string MeterName = "Stt";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _activeStreams;
    private readonly Histogram<double> _passDuration;
    private readonly Histogram<double> _finalLatency;
    private readonly Counter<double> _audioIn;
    private readonly Counter<double> _inferenceTime;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _clientFaults;
    private readonly Counter<long> _interimsThinned;
    private readonly Counter<double> _detectedAudio;
    private readonly Counter<long> _segmentsDropped;
    private readonly Counter<long> _passesCapped;
    private readonly Counter<long> _contextFallbacks;
    private double _audioSeconds;
    private double _inferenceSeconds;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or a standalone meter).</summary>
    public SpeechMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _activeStreams = _meter.CreateUpDownCounter<long>("stt.streams.active", "{stream}", "Live streams (bidirectional calls and browser sessions) open now");
        _passDuration = _meter.CreateHistogram<double>("stt.inference.pass.duration", "s", "Wall time of one model pass, by priority, outcome and model",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10] });
        _finalLatency = _meter.CreateHistogram<double>("stt.final.latency", "s", "From the last speech of an utterance reaching the server to its final segment being sent",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 5] });
        _audioIn = _meter.CreateCounter<double>("stt.audio.received", "s", "Seconds of audio received, by API");
        _inferenceTime = _meter.CreateCounter<double>("stt.inference.time", "s", "Wall time spent in model passes, by priority and model");
        _rejections = _meter.CreateCounter<long>("stt.rejections", "{call}", "Calls refused before any work, by reason");
        _calls = _meter.CreateCounter<long>("stt.calls", "{call}", "Finished calls, by method and gRPC status");
        _clientFaults = _meter.CreateCounter<long>("stt.client.faults", "{event}", "Client misbehaviour handled: cancelled, disconnected, stalled, too fast, not reading");
        _interimsThinned = _meter.CreateCounter<long>("stt.interims.thinned", "{pass}", "Interim passes skipped, replaced or preempted to keep finals on time");
        _detectedAudio = _meter.CreateCounter<double>("stt.detection.audio", "s", "Seconds of audio of ended streams and files, by what the speech detector did: passed to the model or rejected");
        _contextFallbacks = _meter.CreateCounter<long>("stt.context.fallbacks", "{pass}", "Reduced-context passes that showed a loop and ran again at the full context, by priority");
        _passesCapped = _meter.CreateCounter<long>("stt.passes.capped", "{pass}", "Passes that reached their token cap (a looping decoder, cut short), by priority");
        _segmentsDropped = _meter.CreateCounter<long>("stt.segments.dropped", "{segment}", "Final segments removed as text nobody said, by defence: no_speech, annotation");
        _meter.CreateObservableGauge("stt.inference.realtime_factor", () => Volatile.Read(ref _audioSeconds) > 0 ? Volatile.Read(ref _inferenceSeconds) / Volatile.Read(ref _audioSeconds) : 0,
            "1", "Model seconds per second of audio received since start");
    }

    /// <summary>Publishes the inference queue's depth by priority and the busy workers.</summary>
    public void Observe(IInferenceLoad load)
    {
        _meter.CreateObservableGauge("stt.inference.queue.depth", () => new[]
        {
            new Measurement<int>(load.QueuedFinals, new KeyValuePair<string, object?>("priority", "final")),
            new Measurement<int>(load.QueuedPasses - load.QueuedFinals, new KeyValuePair<string, object?>("priority", "interim")),
        }, "{pass}", "Passes waiting for a worker, by priority");
        _meter.CreateObservableGauge("stt.inference.workers.busy", () => load.RunningPasses, "{worker}", "Workers running a pass now");
    }

    public void StreamOpened() => _activeStreams.Add(1);

    public void StreamClosed() => _activeStreams.Add(-1);

    public void PassCompleted(PassPriority priority, TimeSpan duration, string outcome, string model)
    {
        var tags = new TagList { { "priority", Name(priority) }, { "outcome", outcome }, { "model", model } };
        _passDuration.Record(duration.TotalSeconds, tags);
        _inferenceTime.Add(duration.TotalSeconds, new TagList { { "priority", Name(priority) }, { "model", model } });
        InterlockedAdd(ref _inferenceSeconds, duration.TotalSeconds);
    }

    public void FinalSent(TimeSpan latency) => _finalLatency.Record(Math.Max(0, latency.TotalSeconds));

    public void AudioReceived(string api, TimeSpan audio)
    {
        _audioIn.Add(audio.TotalSeconds, Tag("api", api));
        InterlockedAdd(ref _audioSeconds, audio.TotalSeconds);
    }

    public void Rejected(string reason) => _rejections.Add(1, Tag("reason", reason));

    public void CallFinished(string method, string status) => _calls.Add(1, new TagList { { "method", method }, { "status", status } });

    /// <summary>Counts a pass that reached its token cap, and one that fell back to the full context.</summary>
    public void PassChecked(PassPriority priority, Transcript transcript)
    {
        var tag = Tag("priority", priority == PassPriority.Final ? "final" : "interim");
        if (transcript.Capped)
        {
            _passesCapped.Add(1, tag);
        }

        if (transcript.ContextFallback)
        {
            _contextFallbacks.Add(1, tag);
        }
    }

    public void ClientFault(string kind) => _clientFaults.Add(1, Tag("kind", kind));

    public void SpeechDetected(string api, TimeSpan passed, TimeSpan rejected)
    {
        _detectedAudio.Add(passed.TotalSeconds, new TagList { { "api", api }, { "outcome", "passed" } });
        _detectedAudio.Add(rejected.TotalSeconds, new TagList { { "api", api }, { "outcome", "rejected" } });
    }

    public void SegmentsDropped(int noSpeech, int annotation)
    {
        if (noSpeech > 0)
        {
            _segmentsDropped.Add(noSpeech, Tag("defence", "no_speech"));
        }

        if (annotation > 0)
        {
            _segmentsDropped.Add(annotation, Tag("defence", "annotation"));
        }
    }

    public void InterimThinned(string how) => _interimsThinned.Add(1, Tag("how", how));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static string Name(PassPriority priority) => priority == PassPriority.Final ? "final" : "interim";

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    private static void InterlockedAdd(ref double target, double value)
    {
        double seen, updated;
        do
        {
            seen = Volatile.Read(ref target);
            updated = seen + value;
        }
        while (Interlocked.CompareExchange(ref target, updated, seen) != seen);
    }
}
