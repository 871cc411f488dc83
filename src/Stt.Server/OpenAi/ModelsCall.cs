using Stt.Core.Models;

namespace Stt.Server.OpenAi;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the served model under each name it answers to.</summary>
internal sealed class ModelsCall(ServedModels models)
{
    public IResult List()
    {
        var model = models.Require();
        return Results.Json(new { @object = "list", data = models.Names(model).Select(name => Describe(model, name)).ToList() }, OpenAiJson.Options);
    }

    public IResult Get(string id)
    {
        var model = models.Require();
        return models.Serves(model, id)
            ? Results.Json(Describe(model, id), OpenAiJson.Options)
            : throw new OpenAiException(OpenAiError.NotFound($"the model '{id}' does not exist here (GET /v1/models lists the models served)", "model", "model_not_found"));
    }

    private static object Describe(LoadedModel model, string name) => new
    {
        id = name,
        @object = "model",
        created = new DateTimeOffset(File.GetLastWriteTimeUtc(model.Path), TimeSpan.Zero).ToUnixTimeSeconds(),
        owned_by = "stt",
    };
}
