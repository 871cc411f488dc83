using Microsoft.Extensions.Options;
using Stt.Core.Models;

namespace Stt.Server.OpenAi;

/// <summary>
/// The model names OpenAI clients may ask for: the default model under its own name, <c>whisper-1</c> (what OpenAI
/// tools send by default) and the configured aliases; every allowed model under the name the operator listed.
/// </summary>
internal sealed class ServedModels(SpeechModels models, IOptions<OpenAiOptions> options)
{
    /// <summary>OpenAI's Whisper model name.</summary>
    public const string Whisper1 = "whisper-1";

    /// <summary>Every name accepted, each with the model it means: the default model's names first.</summary>
    public IReadOnlyList<(string Name, ModelStatus Model)> Names()
    {
        var statuses = models.Statuses();
        var defaultModel = statuses[0];
        var defaultNames = new[] { defaultModel.Name, Whisper1 }.Concat(options.Value.ModelAliases.Where(a => a.Length > 0)).Distinct(StringComparer.Ordinal);
        return [.. defaultNames.Select(n => (n, defaultModel)), .. statuses.Skip(1).Select(m => (m.Name, m))];
    }

    /// <summary>The default model, or 503 while it loads (health reports NOT_SERVING meanwhile).</summary>
    public ModelLease Default()
    {
        try
        {
            return models.AcquireAsync(string.Empty, CancellationToken.None).GetAwaiter().GetResult(); // the default model's lease is handed out at once
        }
        catch (ModelUnavailableException ex)
        {
            throw new OpenAiException(OpenAiError.Unavailable(ex.Message, "model_loading", "2"));
        }
    }

    /// <summary>The model <paramref name="name"/> means, loaded when it is not in memory; 400 (<c>model_not_found</c>, naming <paramref name="param"/>) when none.</summary>
    public async Task<ModelLease> AcquireAsync(string name, string param, CancellationToken cancellationToken)
    {
        var names = Names();
        var match = names.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal));
        if (match.Model is null)
        {
            throw new OpenAiException(OpenAiError.BadRequest(
                $"model '{name}' is not served here; use {string.Join(" or ", names.Select(n => $"'{n.Name}'"))} (GET /v1/models lists them)", param, "model_not_found"));
        }

        return await models.AcquireAsync(match.Model.IsDefault ? string.Empty : match.Model.Name, cancellationToken);
    }
}
