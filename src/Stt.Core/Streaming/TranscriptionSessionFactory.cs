using Microsoft.Extensions.Options;
using Stt.Audio;
using Stt.Core.Admission;
using Stt.Core.Detection;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>Creates sessions wired to the shared scheduler, each with its own decoder and voice-activity detector.</summary>
public sealed class TranscriptionSessionFactory(
    IInferenceScheduler scheduler,
    IOptions<StreamingOptions> options,
    SpeechDetectors detectors,
    SegmentFilter filter,
    SpeechMetrics? metrics = null,
    LiveStreamMeter? meter = null)
{
    /// <summary>The streaming options in effect.</summary>
    public StreamingOptions Options => options.Value;

    /// <summary>
    /// A session for a stream of encoded audio (<paramref name="format"/>) or, when null, of 16 kHz samples. Only
    /// live sessions report their final latency (to metrics and admission control): a file's audio arrives all at
    /// once, so its "latency" would be queueing, not what a speaker waits for. <paramref name="tuning"/> replaces the
    /// configured endpointing and speech threshold for this session alone (a client's own turn detection settings).
    /// </summary>
    public TranscriptionSession Create(
        SessionSettings settings, StreamAudioFormat? format, CancellationToken callCancelled, bool live = true, StreamingOptions? tuning = null) => new(
        settings,
        tuning ?? options.Value,
        scheduler,
        format is null ? null : IAudioStreamDecoder.Create(format),
        detectors.Create((tuning ?? options.Value).VadThreshold),
        filter,
        callCancelled,
        metrics,
        meter,
        live);
}
