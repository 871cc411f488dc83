using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Stt.Audio;
using Stt.Core.Streaming;
using Stt.Server.Security;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>
/// One Transcribe call: size check, decode by content, transcribe through the shared pipeline, holding one of the
/// caller's file places throughout.
/// </summary>
internal sealed class FileCall(RequestValidator validator, FileTranscriber transcriber, UploadDecoder uploads, IOptions<ApiOptions> api, CallGuard guard)
{
    public async Task<TranscribeResponse> TranscribeAsync(TranscribeRequest request, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        validator.RequireModel();
        var size = request.Content.Length + request.OpusPackets.Sum(p => (long)p.Length);
        if (size > api.Value.MaxFileBytes)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"the file is {size} bytes; the limit is {api.Value.MaxFileBytes} bytes (Stt:Api:MaxFileBytes)"));
        }

        using var place = guard.HoldFile(context.GetCaller());
        using var model = await validator.AcquireModelAsync(request.Model, "model", cancellationToken);
        var recognition = validator.Validate(request, model.Model);
        var audio = await DecodeAsync(request, cancellationToken);
        var transcript = await transcriber.TranscribeAsync(audio, recognition, model, cancellationToken);
        var response = new TranscribeResponse
        {
            Text = transcript.Text,
            Language = transcript.Language ?? (recognition.Language == "auto" ? string.Empty : recognition.Language),
            Duration = Duration.FromTimeSpan(transcript.Duration),
            InferenceSeconds = transcript.Inference.TotalSeconds,
            Summary = ResponseMapper.ToSummary(transcript.Summary),
        };
        response.Segments.AddRange(transcript.Segments.Select(ResponseMapper.ToSegment));
        context.SetOutcome(new CallOutcome(transcript.Duration.TotalSeconds, response.Segments.Count));
        return response;
    }

    /// <summary>Every format, detected or named, decodes within the file budget (<see cref="ApiOptions.MaxFileSeconds"/>).</summary>
    private async Task<DecodedAudio> DecodeAsync(TranscribeRequest request, CancellationToken cancellationToken)
    {
        var budget = api.Value.FileBudget;
        switch (request.Format)
        {
            case FileFormat.RawOpus:
                return AudioFileDecoder.DecodeOpusPackets(
                    request.OpusPackets.Select(p => p.Memory).ToList(),
                    request.SampleRateHertz == 0 ? 48000 : request.SampleRateHertz,
                    budget);
            case FileFormat.Wav:
                return WavReader.Read(request.Content.Span, budget);
            case FileFormat.OggOpus:
                return OggOpusReader.Read(request.Content.Memory, budget);
            case FileFormat.Webm:
                return WebMOpusReader.Read(request.Content.Memory, budget);
            case FileFormat.Unspecified:
                if (request.Content.IsEmpty && request.OpusPackets.Count > 0)
                {
                    throw RequestValidator.Invalid("opus_packets were sent without format RAW_OPUS");
                }

                return await uploads.DecodeAsync(request.Content.Memory, cancellationToken);
            default:
                throw RequestValidator.Invalid($"format {(int)request.Format} is not supported: use WAV, OGG_OPUS, WEBM, RAW_OPUS or leave it unset to detect");
        }
    }
}
