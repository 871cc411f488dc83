using Stt.Audio;
using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>
/// Transcribes a whole decoded file through the same endpointing and scheduler as live streams: silence is
/// skipped, utterances are transcribed in parallel on the worker pool (a few at a time per file, so one long
/// file cannot fill the queue), and the finals come back in time order.
/// </summary>
public sealed class FileTranscriber(TranscriptionSessionFactory sessions)
{
    private const int FeedChunkSamples = AudioTime.SampleRate * 10;

    /// <summary>Transcribes <paramref name="audio"/>; the result holds every final segment in time order.</summary>
    public async Task<FileTranscript> TranscribeAsync(DecodedAudio audio, RecognitionOptions recognition, CancellationToken cancellationToken)
    {
        await using var session = sessions.Create(new SessionSettings(recognition, InterimResults: false), null, cancellationToken, live: false);
        var collect = CollectAsync(session, cancellationToken);
        for (var offset = 0; offset < audio.Samples.Length; offset += FeedChunkSamples)
        {
            var length = Math.Min(FeedChunkSamples, audio.Samples.Length - offset);
            await session.AcceptSamplesAsync(audio.Samples.AsMemory(offset, length), cancellationToken).ConfigureAwait(false);
        }

        await session.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var (segments, summary) = await collect.ConfigureAwait(false);
        return new FileTranscript(segments, audio.Duration, summary);
    }

    private static async Task<(List<SegmentEvent> Segments, SessionSummary Summary)> CollectAsync(TranscriptionSession session, CancellationToken cancellationToken)
    {
        var segments = new List<SegmentEvent>();
        SessionSummary? summary = null;
        await foreach (var e in session.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (e)
            {
                case SegmentEvent { IsFinal: true } segment:
                    segments.Add(segment);
                    break;
                case SummaryEvent s:
                    summary = s.Summary;
                    break;
            }
        }

        return (segments, summary ?? throw new InvalidOperationException("the session ended without a summary"));
    }
}
