namespace Stt.Core.Models;

/// <summary>
/// The models a caller may name besides the default (<see cref="ModelOptions.Model"/>), and when they leave memory.
/// Bound from <c>Stt:Models</c>.
/// </summary>
public sealed record ModelsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Models";

    /// <summary>
    /// Models callers may name (gRPC <c>model</c>, OpenAI <c>model</c>), each loaded on its first request. An entry is a
    /// name (<c>Stt__Models__Allowed__0=small</c>) or a section with per-model settings. Nothing else is ever loaded or
    /// downloaded because a caller named it. Default: none (the server serves its default model only).
    /// </summary>
    public IReadOnlyList<AllowedModel> Allowed { get; init; } = [];

    /// <summary>An allowed model nobody has used for this long is unloaded (never the default model). Default 10 minutes.</summary>
    public TimeSpan IdleUnloadAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Bytes the resident models may take together, the default model included (see docs/configuration.md for how it
    /// maps onto a pod's memory limit). Loading a model that would exceed it first unloads idle ones; when that is not
    /// enough the request is refused (UNAVAILABLE, retry later). 0 = no budget beyond the list itself. Default 0.
    /// </summary>
    public long MemoryBudget { get; init; }

    /// <summary>
    /// How long a request waits for its model to load (download included) before it is refused with UNAVAILABLE and
    /// a retry hint; the load goes on and later requests find the model ready. Default 30 s.
    /// </summary>
    public TimeSpan LoadTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
