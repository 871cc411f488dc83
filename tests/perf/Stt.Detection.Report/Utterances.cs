using System.Diagnostics;
using Stt.Core.Streaming;

namespace Stt.Detection.Report;

/// <summary>Runs one detector and the streaming endpointer over a recording, as a live stream would, 20 ms at a time.</summary>
internal static class Utterances
{
    /// <summary>
    /// The utterances (sample spans, pre-roll and tail included), where in the stream each end was announced, and the
    /// detector's own time.
    /// </summary>
    public static (List<(long Start, long End)> Spans, TimeSpan DetectorTime) Find(float[] samples, IVoiceActivityDetector detector, StreamingOptions options) =>
        FindWithAnnouncements(samples, detector, options) is var (spans, _, time) ? (spans, time) : default;

    public static (List<(long Start, long End)> Spans, List<long> AnnouncedAt, TimeSpan DetectorTime) FindWithAnnouncements(
        float[] samples, IVoiceActivityDetector detector, StreamingOptions options)
    {
        var endpointer = new Endpointer(options.Endpointing);
        var events = new List<EndpointEvent>();
        var spans = new List<(long, long)>();
        var announced = new List<long>();
        var detectorTicks = 0L;
        const int frame = StreamingOptions.FrameSamples;
        for (var offset = 0; offset + frame <= samples.Length; offset += frame)
        {
            var audio = samples.AsSpan(offset, frame);
            var started = Stopwatch.GetTimestamp();
            var speech = detector.IsSpeech(audio);
            detectorTicks += Stopwatch.GetTimestamp() - started;
            events.Clear();
            endpointer.Process(audio, speech, events);
            foreach (var ended in events.Where(e => e.Kind == EndpointEventKind.UtteranceEnded))
            {
                spans.Add((ended.Start, ended.End));
                announced.Add(endpointer.Position);
            }
        }

        if (endpointer.Flush(samples.Length) is { } last)
        {
            spans.Add((last.Start, last.End));
            announced.Add(samples.Length);
        }

        return (spans, announced, Stopwatch.GetElapsedTime(0, detectorTicks));
    }

    /// <summary>Samples of <paramref name="reference"/> inside any of <paramref name="spans"/>.</summary>
    public static long Covered((long Start, long End) reference, List<(long Start, long End)> spans) =>
        spans.Sum(s => Math.Max(0, Math.Min(s.End, reference.End) - Math.Max(s.Start, reference.Start)));
}
