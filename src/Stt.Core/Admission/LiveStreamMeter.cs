using Microsoft.Extensions.Options;

namespace Stt.Core.Admission;

/// <summary>
/// What live streams report for admission control: the audio they receive (their cost is charged per second of
/// it), the latency of their finals while they keep real time, and their end.
/// </summary>
public sealed class LiveStreamMeter(TimeProvider time, IOptions<AdmissionOptions> options)
{
    /// <summary>Final latencies of the open streams.</summary>
    public FinalLatencyMonitor Latency { get; } = new(time, options.Value.MeasurementWindow / 2);

    /// <summary>Cost per second of live audio, and the streams open now.</summary>
    public StreamCostEstimator Cost { get; } = new(time, options.Value.MeasurementWindow);

    /// <summary>A live stream received <paramref name="audio"/>, at whatever pace.</summary>
    public void AudioReceived(TimeSpan audio) => Cost.AudioReceived(audio.TotalSeconds);

    /// <summary>A final of <paramref name="stream"/>, sent while the stream keeps real time.</summary>
    public void FinalSent(object stream, TimeSpan latency) => Latency.Record(stream, latency);

    /// <summary>The stream ended: its latencies no longer speak for the load.</summary>
    public void StreamEnded(object stream) => Latency.Forget(stream);
}
