using Microsoft.Extensions.Options;
using Stt.Core.Hosting;
using Stt.Core.Inference;

namespace Stt.Core.Models;

/// <summary>
/// Checks <c>Stt:Models</c> at startup, naming each bad key: every allowed model has a unique name other than the
/// default's and is a known, synthetic or existing model; its languages are ones Whisper knows.
/// </summary>
internal sealed class ModelsOptionsValidator(IOptions<ModelOptions> defaults) : IValidateOptions<ModelsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ModelsOptions o)
    {
        var checks = new SettingChecks(ModelsOptions.Section)
            .Check(o.IdleUnloadAfter >= TimeSpan.FromSeconds(1), nameof(o.IdleUnloadAfter), o.IdleUnloadAfter, "it must be 00:00:01 or more")
            .Check(o.MemoryBudget >= 0, nameof(o.MemoryBudget), o.MemoryBudget, "it must not be negative (0: no budget)")
            .Positive(nameof(o.LoadTimeout), o.LoadTimeout);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { defaults.Value.Model.Trim() };
        for (var i = 0; i < o.Allowed.Count; i++)
        {
            var model = o.Allowed[i];
            var key = $"{nameof(o.Allowed)}:{i}";
            checks.Check(model.Name.Length > 0, $"{key}:{nameof(model.Name)}", model.Name, "it must name a model")
                .Check(model.Name.Length == 0 || seen.Add(model.Name), $"{key}:{nameof(model.Name)}", model.Name, "it must differ from Stt:Model and from every other allowed model")
                .Check(model.Name.Length == 0 || ModelResolver.IsResolvable(model.Source), $"{key}:{(model.File is null ? nameof(model.Name) : nameof(model.File))}", model.Source,
                    "it must be a known model, a synthetic model or an existing ggml file");
            foreach (var language in model.Languages)
            {
                checks.Check(SpeechLanguages.IsKnown(language), $"{key}:{nameof(model.Languages)}", language, "it must be an ISO 639-1 code Whisper knows, or 'auto'");
            }
        }

        return checks.Result;
    }
}
