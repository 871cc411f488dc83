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
    IOptions<StreamAudioOptions>? audio = null,
    IOptions<StreamLifetimeOptions>? lifetimes = null,
    TimeProvider? clock = null)
{
    private readonly StreamAudioOptions _audio = audio?.Value ?? new StreamAudioOptions();
    private readonly StreamLifetimeOptions _lifetime = lifetimes?.Value ?? new StreamLifetimeOptions();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The streaming options in effect.</summary>
    public StreamingOptions Options => options.Value;

    /// <summary>
    /// A transcriber for a stream of encoded audio (<paramref name="format"/>) or, when null, of 16 kHz samples. Only
    /// live streams report their final latency (to metrics and admission control): a file's audio arrives all at
    /// once, so its "latency" would be queueing, not what a speaker waits for. <paramref name="tuning"/> replaces the
    /// configured endpointing and speech threshold for this stream alone (a client's own turn detection settings).
    /// A live stream of encoded audio (what a network client sends) is held to the allowance of its pacing.
    /// </summary>
    public StreamTranscriber Create(
        StreamRequest request, StreamAudioFormat? format, CancellationToken callCancelled, bool live = true, StreamingOptions? tuning = null) => new(
        request,
        tuning ?? options.Value,
        scheduler,
        format is null ? null : IAudioStreamDecoder.Create(format, _audio.Budget),
        detectors.Create((tuning ?? options.Value).VadThreshold),
        filter,
        callCancelled,
        metrics,
        meter,
        live,
        live && format is not null ? IAudioAllowance.For(request.Pacing, _audio, _lifetime, _clock) : null,
        _clock);
}
