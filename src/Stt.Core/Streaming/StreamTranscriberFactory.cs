using Microsoft.Extensions.Options;
using Stt.Audio;
using Stt.Core.Admission;
using Stt.Core.Detection;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// Creates stream transcribers wired to the shared scheduler, each with its own decoder (within the live streams' audio
/// budget, <see cref="StreamAudioOptions"/>; its defaults when none is given) and voice-activity detector.
/// </summary>
public sealed class StreamTranscriberFactory(
    IInferenceScheduler scheduler,
    IOptions<StreamingOptions> options,
    SpeechDetectors detectors,
    SegmentFilter filter,
    SpeechMetrics? metrics = null,
    LiveStreamMeter? meter = null,
    IOptions<StreamAudioOptions>? audio = null)
{
    private readonly AudioBudget _budget = (audio?.Value ?? new StreamAudioOptions()).Budget;

    /// <summary>The streaming options in effect.</summary>
    public StreamingOptions Options => options.Value;

    /// <summary>
    /// A transcriber for a stream of encoded audio (<paramref name="format"/>) or, when null, of 16 kHz samples. Only
    /// live streams report their final latency (to metrics and admission control): a file's audio arrives all at
    /// once, so its "latency" would be queueing, not what a speaker waits for. <paramref name="tuning"/> replaces the
    /// configured endpointing and speech threshold for this stream alone (a client's own turn detection settings).
    /// </summary>
    public StreamTranscriber Create(
        StreamRequest request, StreamAudioFormat? format, CancellationToken callCancelled, bool live = true, StreamingOptions? tuning = null) => new(
        request,
        tuning ?? options.Value,
        scheduler,
        format is null ? null : IAudioStreamDecoder.Create(format, _budget),
        detectors.Create((tuning ?? options.Value).VadThreshold),
        filter,
        callCancelled,
        metrics,
        meter,
        live);
}
