using System.Runtime.CompilerServices;
using Stt.Audio;
using Stt.Core.Inference;
using Stt.Core.Models;

namespace Stt.Core.Streaming;

/// <summary>
/// Transcribes a whole decoded file through the same speech detection, endpointing and scheduler as live streams:
/// silence is skipped, consecutive utterances share one pass over windows of up to 28 s, windows are transcribed
/// in parallel on the worker pool (a few at a time per file, so one long file cannot fill the queue), and the
/// finals come back in time order.
/// </summary>
public sealed class FileTranscriber(StreamTranscriberFactory transcribers)
{
    private const int FeedChunkSamples = AudioTime.SampleRate * 10;

    /// <summary>Transcribes <paramref name="audio"/> on <paramref name="model"/> (null: the default); the result holds every final segment in time order.</summary>
    public async Task<FileTranscript> TranscribeAsync(DecodedAudio audio, RecognitionOptions recognition, ModelLease? model, CancellationToken cancellationToken)
    {
        var segments = new List<SegmentEvent>();
        StreamSummary? summary = null;
        await foreach (var e in StreamAsync(audio, recognition, model, cancellationToken).ConfigureAwait(false))
        {
            switch (e)
            {
                case SegmentEvent segment:
                    segments.Add(segment);
                    break;
                case SummaryEvent s:
                    summary = s.Summary;
                    break;
            }
        }

        return new FileTranscript(segments, audio.Duration, summary ?? throw new InvalidOperationException("the transcriber ended without a summary"));
    }

    /// <summary>
    /// Transcribes <paramref name="audio"/>, yielding each final segment as soon as it and every earlier one are ready,
    /// then the summary. Leaving the enumeration early aborts the passes still running.
    /// </summary>
    public async IAsyncEnumerable<StreamEvent> StreamAsync(
        DecodedAudio audio, RecognitionOptions recognition, ModelLease? model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var transcriber = transcribers.Create(new StreamRequest(recognition, InterimResults: false, Model: model), null, stop.Token, live: false);
        var feeding = FeedAsync(transcriber, audio, stop.Token);
        try
        {
            await foreach (var e in transcriber.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (e is SegmentEvent { IsFinal: true } or SummaryEvent)
                {
                    yield return e;
                }
            }

            await feeding.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await feeding.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // left early or cancelled: the passes are aborted
            }
        }
    }

    private static async Task FeedAsync(StreamTranscriber transcriber, DecodedAudio audio, CancellationToken cancellationToken)
    {
        try
        {
            for (var offset = 0; offset < audio.Samples.Length; offset += FeedChunkSamples)
            {
                var length = Math.Min(FeedChunkSamples, audio.Samples.Length - offset);
                await transcriber.AcceptSamplesAsync(audio.Samples.AsMemory(offset, length), cancellationToken).ConfigureAwait(false);
            }

            await transcriber.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            transcriber.Fail(ex); // the reader sees it as the events' end
            throw;
        }
    }
}
