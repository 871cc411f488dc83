using Stt.Core.Models;

namespace Stt.Server.OpenAi;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: every model a request may name, under each name it answers to.</summary>
internal sealed class ModelsCall(ServedModels models)
{
    private static readonly long Started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public IResult List() =>
        Results.Json(new { @object = "list", data = models.Names().Select(n => Describe(n.Name, n.Model)).ToList() }, OpenAiJson.Options);

    public IResult Get(string id) =>
        models.Names().FirstOrDefault(n => string.Equals(n.Name, id, StringComparison.Ordinal)) is { Model: not null } match
            ? Results.Json(Describe(match.Name, match.Model), OpenAiJson.Options)
            : throw new OpenAiException(OpenAiError.NotFound($"the model '{id}' does not exist here (GET /v1/models lists the models served)", "model", "model_not_found"));

    private static object Describe(string name, ModelStatus model) => new
    {
        id = name,
        @object = "model",
        created = model.Loaded is { } loaded ? new DateTimeOffset(File.GetLastWriteTimeUtc(loaded.Path), TimeSpan.Zero).ToUnixTimeSeconds() : Started,
        owned_by = "stt",
    };
}
