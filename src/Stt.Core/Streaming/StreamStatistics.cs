using Stt.Audio;
using Stt.Core.Diagnostics;

namespace Stt.Core.Streaming;

/// <summary>
/// A stream's counters, its <see cref="StreamSummary"/>, and the metrics they feed (labelled by API: a live
/// stream or a file). The transcriber's alone, written under its lock.
/// </summary>
internal sealed class StreamStatistics(SpeechMetrics? metrics, bool live)
{
    private readonly string _api = live ? "stream" : "file";

    public uint Finals { get; set; }

    public int Interims { get; set; }

    public int InterimsSkipped { get; set; }

    public long TranscribedSamples { get; set; }

    public TimeSpan Inference { get; private set; }

    private int CappedPasses { get; set; }

    private int DroppedNoSpeech { get; set; }

    private int DroppedAnnotation { get; set; }

    /// <summary>A pass of this stream ended (null: skipped or replaced): its model time, and whether it was capped.</summary>
    public void PassEnded(Inference.Transcript? transcript)
    {
        Inference += transcript?.ProcessingTime ?? TimeSpan.Zero;
        CappedPasses += transcript is { Capped: true } ? 1 : 0;
    }

    /// <summary>Audio received (the metric; the transcriber keeps its own count).</summary>
    public void AudioReceived(int samples) => metrics?.AudioReceived(_api, AudioTime.FromSamples(samples));

    /// <summary>Final segments the defences after the model removed.</summary>
    public void SegmentsDropped(int noSpeech, int annotation)
    {
        DroppedNoSpeech += noSpeech;
        DroppedAnnotation += annotation;
        metrics?.SegmentsDropped(noSpeech, annotation);
    }

    /// <summary>
    /// The totals at the end of the stream, with what its segmenter and finals counted; reports what the speech detector
    /// passed and rejected.
    /// </summary>
    public StreamSummary Complete(long audioSamples, uint utterances, (int Used, int Dropped) speculations, IAudioStreamDecoder? decoder)
    {
        var summary = new StreamSummary(
            AudioTime.FromSamples(audioSamples),
            AudioTime.FromSamples(TranscribedSamples),
            (int)Finals,
            Interims,
            (int)utterances,
            Inference,
            decoder?.PacketsReceived ?? 0,
            decoder?.PacketsConcealed ?? 0,
            InterimsSkipped,
            speculations.Used,
            speculations.Dropped,
            DroppedNoSpeech,
            DroppedAnnotation,
            CappedPasses);
        metrics?.SpeechDetected(_api, summary.Transcribed, summary.Rejected);
        return summary;
    }
}
