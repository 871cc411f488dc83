using System.Text;
using Microsoft.Extensions.Options;
using Stt.Core.Inference;
using Stt.Core.Models;

namespace Stt.Server.Api;

/// <summary>
/// What a request may ask of a model: a language it knows and the operator allows for it (empty: the configured default,
/// or the model's first allowed language), translation only with a multilingual model, a prompt within the limit. Shared by every front door, each of which reports a problem in
/// its own way.
/// </summary>
internal sealed class RecognitionRules(SpeechModelHost host, IOptions<ApiOptions> api, IOptions<InferenceOptions> inference)
{
    /// <summary>The default model, or null while it loads.</summary>
    public LoadedModel? Model => host.Model;

    /// <summary>The options to run, or why not: <paramref name="problem"/> names the field (<c>language</c> or <c>prompt</c>).</summary>
    public RecognitionOptions? Resolve(LoadedModel model, string language, bool translate, string prompt, bool wordTimestamps, out RecognitionProblem? problem)
    {
        var multilingual = model.HyperParameters.IsMultilingual;
        var resolved = language.Trim().ToLowerInvariant();
        if (resolved.Length == 0)
        {
            resolved = inference.Value.DefaultLanguageFor(multilingual);
            if (model.Languages.Count > 0 && !model.Languages.Contains(resolved, StringComparer.OrdinalIgnoreCase))
            {
                resolved = model.Languages[0];
            }
        }

        if (SpeechLanguages.Validate(resolved, translate, multilingual) is { } message)
        {
            problem = new RecognitionProblem("language", message);
            return null;
        }

        if (model.Languages.Count > 0 && !model.Languages.Contains(resolved, StringComparer.OrdinalIgnoreCase))
        {
            problem = new RecognitionProblem("language", $"the model '{model.Name}' serves {string.Join(", ", model.Languages)} here; language '{resolved}' needs another model");
            return null;
        }

        var promptBytes = Encoding.UTF8.GetByteCount(prompt);
        if (promptBytes > api.Value.MaxPromptBytes)
        {
            problem = new RecognitionProblem("prompt", $"prompt is {promptBytes} bytes; the limit is {api.Value.MaxPromptBytes}");
            return null;
        }

        problem = null;
        return new RecognitionOptions(resolved, translate, prompt.Length == 0 ? null : prompt, wordTimestamps);
    }
}
