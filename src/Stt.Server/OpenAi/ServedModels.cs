using Microsoft.Extensions.Options;
using Stt.Core.Inference;
using Stt.Core.Models;

namespace Stt.Server.OpenAi;

/// <summary>
/// The model names OpenAI clients may ask for, all meaning the one model this server runs: <c>whisper-1</c> (what
/// OpenAI tools send by default), the served model's own name, and the configured aliases.
/// </summary>
internal sealed class ServedModels(SpeechModelHost host, IOptions<OpenAiOptions> options)
{
    /// <summary>OpenAI's Whisper model name.</summary>
    public const string Whisper1 = "whisper-1";

    /// <summary>The served model, or 503 while it loads.</summary>
    public LoadedModel Require() => host.Model
        ?? throw new OpenAiException(OpenAiError.Unavailable("the model is still loading; retry shortly (health reports SERVING when ready)", "model_loading", "2"));

    /// <summary>Every name accepted, the served model's own first.</summary>
    public IReadOnlyList<string> Names(LoadedModel model) =>
        new[] { model.Name, Whisper1 }.Concat(options.Value.ModelAliases.Where(a => a.Length > 0)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>True when <paramref name="name"/> is one of <see cref="Names"/>.</summary>
    public bool Serves(LoadedModel model, string name) => Names(model).Contains(name, StringComparer.Ordinal);

    /// <summary>400 (<c>model_not_found</c>, naming <paramref name="param"/>) unless <paramref name="name"/> is served.</summary>
    public void RequireServed(LoadedModel model, string name, string param)
    {
        if (!Serves(model, name))
        {
            throw new OpenAiException(OpenAiError.BadRequest(
                $"model '{name}' is not served here; use {string.Join(" or ", Names(model).Select(n => $"'{n}'"))} (GET /v1/models lists them)", param, "model_not_found"));
        }
    }
}
