using System.Diagnostics.Metrics;
using Stt.Core.Models;

namespace Stt.Core.Diagnostics;

/// <summary>What loading and unloading models costs: loads, their duration, evictions, and the models resident now, each labelled by model.</summary>
public sealed class ModelMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _loads;
    private readonly Histogram<double> _loadDuration;
    private readonly Counter<long> _evictions;

    /// <summary>Creates the instruments on the <see cref="SpeechMetrics.MeterName"/> meter.</summary>
    public ModelMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(SpeechMetrics.MeterName) ?? new Meter(SpeechMetrics.MeterName);
        _loads = _meter.CreateCounter<long>("stt.model.loads", "{load}", "Model loads, by model and outcome (ok, failed, no_room)");
        _loadDuration = _meter.CreateHistogram<double>("stt.model.load.duration", "s", "Time to make a model ready (download, load, warm-up), by model",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120] });
        _evictions = _meter.CreateCounter<long>("stt.model.evictions", "{eviction}", "Models unloaded, by model and reason (idle, budget)");
    }

    /// <summary>Reports the resident models of <paramref name="models"/> (count and bytes, by model).</summary>
    public void Observe(SpeechModels models)
    {
        _meter.CreateObservableGauge("stt.model.resident.bytes", () => models.Statuses()
            .Where(m => m.Loaded is not null)
            .Select(m => new Measurement<long>(m.Loaded!.FileBytes, new KeyValuePair<string, object?>("model", m.Name))), "By", "Bytes of the weights of each resident model");
        _meter.CreateObservableGauge("stt.model.resident", () => models.Statuses().Count(m => m.Loaded is not null), "{model}", "Models in memory now");
    }

    public void Loaded(string model, TimeSpan duration, string outcome)
    {
        _loads.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == "ok")
        {
            _loadDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("model", model));
        }
    }

    public void Evicted(string model, string reason) =>
        _evictions.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("reason", reason));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
