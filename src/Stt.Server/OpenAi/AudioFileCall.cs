using Stt.Core.Streaming;
using Stt.Server.Api;
using Stt.Server.Security;

namespace Stt.Server.OpenAi;

/// <summary>
/// <c>POST /v1/audio/transcriptions</c> and <c>/v1/audio/translations</c>: the uploaded file goes through the same
/// decoding (<see cref="UploadDecoder"/>) and pipeline (<see cref="FileTranscriber"/>) as the gRPC <c>Transcribe</c>.
/// With <c>stream=true</c> each final is sent as a <c>transcript.text.delta</c> event as soon as it is ready, then
/// <c>transcript.text.done</c> with the whole text.
/// </summary>
internal sealed class AudioFileCall(AudioRequestReader reader, UploadDecoder uploads, FileTranscriber transcriber, OpenAiFailures failures, CallGuard guard)
{
    public async Task<IResult> RunAsync(HttpContext context, bool translate)
    {
        var cancellationToken = context.RequestAborted;
        using var place = guard.HoldFile(context.GetCaller()); // before the upload is read: a caller's files in memory are bounded too
        var request = await reader.ReadAsync(context, translate);
        using var model = request.Model;
        var audio = await uploads.DecodeAsync(request.File, cancellationToken);
        if (request.Stream)
        {
            await StreamAsync(context, request, audio, cancellationToken);
            return Results.Empty;
        }

        var transcript = await transcriber.TranscribeAsync(audio, request.Recognition, request.Model, cancellationToken);
        context.SetOutcome(new CallOutcome(transcript.Duration.TotalSeconds, transcript.Segments.Count));
        return TranscriptResponses.For(request.Format, transcript, translate, request.Recognition.WordTimestamps);
    }

    private async Task StreamAsync(HttpContext context, AudioRequest request, Stt.Audio.DecodedAudio audio, CancellationToken cancellationToken)
    {
        var events = await ServerSentEvents.StartAsync(context);
        var deltas = new FinalDeltas();
        try
        {
            await foreach (var e in transcriber.StreamAsync(audio, request.Recognition, request.Model, cancellationToken))
            {
                if (e is SegmentEvent segment)
                {
                    await events.WriteAsync(new { type = "transcript.text.delta", delta = deltas.Next(segment.Text) }, cancellationToken);
                }
            }

            await events.WriteAsync(new { type = "transcript.text.done", text = deltas.Transcript }, cancellationToken);
        }
        catch (Exception ex)
        {
            var error = failures.ToError(ex, context);
            context.Features.Set(new StreamedErrorStatus(error?.Status ?? StatusCodes.Status499ClientClosedRequest));
            if (error is not null)
            {
                await events.WriteAsync(new { error = error.Body }, cancellationToken);
            }
        }
        finally
        {
            context.SetOutcome(new CallOutcome(audio.Duration.TotalSeconds, deltas.Count));
        }
    }
}
