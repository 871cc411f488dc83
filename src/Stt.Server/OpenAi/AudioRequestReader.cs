using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Stt.Server.Api;

namespace Stt.Server.OpenAi;

/// <summary>
/// Reads and checks the multipart form of OpenAI's audio endpoints: <c>file</c> (at most <see cref="ApiOptions.MaxFileBytes"/>,
/// else 413), <c>model</c> (a name of <see cref="ServedModels"/>), <c>language</c>, <c>prompt</c>, <c>temperature</c>
/// (0 to 1, accepted and ignored), <c>response_format</c>, <c>timestamp_granularities[]</c> and <c>stream</c>. Other
/// fields are ignored, as OpenAI adds new ones. Each problem is a 400 naming the field.
/// </summary>
internal sealed class AudioRequestReader(ServedModels models, RecognitionRules rules, IOptions<ApiOptions> api)
{
    /// <summary>Room for the form's other fields and the multipart framing on top of the file.</summary>
    private const long FormOverheadBytes = 1024 * 1024;

    private static readonly Dictionary<string, TranscriptFormat> Formats = new(StringComparer.Ordinal)
    {
        ["json"] = TranscriptFormat.Json,
        ["text"] = TranscriptFormat.Text,
        ["srt"] = TranscriptFormat.Srt,
        ["vtt"] = TranscriptFormat.Vtt,
        ["verbose_json"] = TranscriptFormat.VerboseJson,
    };

    public async Task<AudioRequest> ReadAsync(HttpContext context, bool translate)
    {
        var request = context.Request;
        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("the body must be multipart/form-data with the audio in a field named 'file'", null);
        }

        var maxFile = api.Value.MaxFileBytes;
        if (request.ContentLength > maxFile + FormOverheadBytes)
        {
            throw TooLarge("the upload", request.ContentLength.Value, maxFile);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxFile + FormOverheadBytes; // a chunked upload is cut off here too
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxFile + FormOverheadBytes }, context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or (IOException and not BadHttpRequestException) && !context.RequestAborted.IsCancellationRequested)
        {
            throw Invalid("the body is not valid multipart/form-data: check the boundary in Content-Type and the framing of the parts", null);
        }

        var file = form.Files.GetFile("file") ?? throw Invalid("the 'file' field is missing: send the audio as a file field named 'file'", "file");
        if (file.Length > maxFile)
        {
            throw TooLarge("the file", file.Length, maxFile);
        }

        var name = Field(form, "model") ?? throw Invalid("the 'model' field is missing: use 'whisper-1' (GET /v1/models lists the names served)", "model");

        var format = Formats.GetValueOrDefault(Field(form, "response_format") ?? "json", (TranscriptFormat)(-1));
        if (!Enum.IsDefined(format))
        {
            throw Invalid($"response_format '{Field(form, "response_format")}' is not supported; use json, text, srt, vtt or verbose_json", "response_format");
        }

        CheckTemperature(Field(form, "temperature"));
        var words = Granularities(form);
        if (words && format != TranscriptFormat.VerboseJson)
        {
            throw Invalid("timestamp_granularities[]=word needs response_format verbose_json", "timestamp_granularities");
        }

        var stream = Flag(Field(form, "stream"), "stream");
        if (stream && format is not (TranscriptFormat.Json or TranscriptFormat.Text))
        {
            throw Invalid("stream=true answers with transcript.text events; use response_format json or text with it", "stream");
        }

        var model = await models.AcquireAsync(name, "model", context.RequestAborted);
        try
        {
            var recognition = rules.Resolve(model.Model, Field(form, "language") ?? string.Empty, translate, Field(form, "prompt") ?? string.Empty, words, out var problem)
                ?? throw Invalid(problem!.Message, problem.Field);
            await using var content = file.OpenReadStream();
            var bytes = new byte[file.Length];
            await content.ReadExactlyAsync(bytes, context.RequestAborted);
            return new AudioRequest(bytes, recognition, format, stream, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && value.ToString() is { Length: > 0 } text ? text.Trim() : null;

    /// <summary>True when word timings were asked for; segment timings always come with verbose_json.</summary>
    private static bool Granularities(IFormCollection form)
    {
        var values = form["timestamp_granularities[]"].Concat(form["timestamp_granularities"])
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (values.FirstOrDefault(v => v is not ("word" or "segment")) is { } unknown)
        {
            throw Invalid($"timestamp_granularities[] '{unknown}' is not supported; use word or segment", "timestamp_granularities");
        }

        return values.Contains("word");
    }

    private static void CheckTemperature(string? value)
    {
        if (value is not null && (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var temperature) || temperature is < 0 or > 1))
        {
            throw Invalid($"temperature '{value}' must be a number from 0 to 1", "temperature");
        }
    }

    private static bool Flag(string? value, string name) => value?.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw Invalid($"{name} '{value}' must be true or false", name),
    };

    private static OpenAiException Invalid(string message, string? param) => new(OpenAiError.BadRequest(message, param));

    private static OpenAiException TooLarge(string what, long size, long limit) =>
        new(OpenAiError.TooLarge($"{what} is {size} bytes; the limit for a file is {limit} bytes (Stt:Api:MaxFileBytes)", "file"));
}
