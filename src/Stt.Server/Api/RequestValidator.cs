using Grpc.Core;
using Microsoft.Extensions.Options;
using Stt.Audio;
using Stt.Core.Inference;
using Stt.Core.Models;
using Stt.Core.Streaming;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>Checks what a client asked for against the served model and the limits; throws INVALID_ARGUMENT naming the field.</summary>
internal sealed class RequestValidator(RecognitionRules rules, SpeechModels models, IOptions<ApiOptions> api)
{
    /// <summary>The default model, or UNAVAILABLE while it loads.</summary>
    public LoadedModel RequireModel() =>
        rules.Model ?? throw new RpcException(new Status(StatusCode.Unavailable, "the model is still loading; retry shortly (health reports SERVING when ready)"));

    /// <summary>
    /// The model a request named in <paramref name="field"/> (empty: the default), loaded when it is not in memory;
    /// INVALID_ARGUMENT listing the allowed names when the server may not serve it.
    /// </summary>
    public async Task<ModelLease> AcquireModelAsync(string name, string field, CancellationToken cancellationToken)
    {
        try
        {
            return await models.AcquireAsync(name, cancellationToken);
        }
        catch (UnknownModelException ex)
        {
            throw Invalid($"{field}: {ex.Message}");
        }
    }

    /// <summary>
    /// The stream <paramref name="config"/> asks for, holding the model it names (<see cref="StreamRequest.Model"/>, the
    /// caller's to dispose). The checks that need no model come first: a malformed config loads nothing.
    /// </summary>
    public async Task<(StreamAudioFormat Format, StreamRequest Request)> ValidateAsync(StreamingConfig config, CancellationToken cancellationToken)
    {
        var encoding = config.Encoding switch
        {
            AudioEncoding.Opus => StreamEncoding.Opus,
            AudioEncoding.Linear16 => StreamEncoding.Linear16,
            AudioEncoding.Unspecified => throw Invalid("config.encoding is required: use OPUS or LINEAR16"),
            _ => throw Invalid($"config.encoding {(int)config.Encoding} is not supported: use OPUS or LINEAR16"),
        };
        if (config.SampleRateHertz == 0)
        {
            throw Invalid("config.sample_rate_hertz is required");
        }

        var format = new StreamAudioFormat(encoding, config.SampleRateHertz, config.Channels);
        if (format.Validate() is { } problem)
        {
            throw Invalid("config: " + problem);
        }

        if (config.ClientRequestId.Length > api.Value.MaxClientRequestIdLength)
        {
            throw Invalid($"config.client_request_id is {config.ClientRequestId.Length} characters; the limit is {api.Value.MaxClientRequestIdLength}");
        }

        var pacing = config.Pacing switch
        {
            AudioPacing.Live => StreamPacing.Live,
            AudioPacing.File => StreamPacing.File,
            _ => throw Invalid($"config.pacing {(int)config.Pacing} is not supported; use AUDIO_PACING_LIVE or AUDIO_PACING_FILE"),
        };
        var model = await AcquireModelAsync(config.Model, "config.model", cancellationToken);
        try
        {
            var recognition = Recognition(model.Model, config.Language, config.Translate, config.Prompt, config.WordTimestamps, "config.");
            return (format, new StreamRequest(recognition, config.InterimResults, pacing, model));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>What <paramref name="request"/> asks of <paramref name="model"/> (which it named).</summary>
    public RecognitionOptions Validate(TranscribeRequest request, LoadedModel model) =>
        Recognition(model, request.Language, request.Translate, request.Prompt, request.WordTimestamps, string.Empty);

    private RecognitionOptions Recognition(LoadedModel model, string language, bool translate, string prompt, bool wordTimestamps, string prefix) =>
        rules.Resolve(model, language, translate, prompt, wordTimestamps, out var problem) ?? throw Invalid(prefix + problem!.Message);

    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
