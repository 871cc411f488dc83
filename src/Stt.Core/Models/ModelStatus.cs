namespace Stt.Core.Models;

/// <summary>A model the server may serve, and whether it is in memory now.</summary>
/// <param name="Name">The name callers give.</param>
/// <param name="IsDefault">Served when a request names no model.</param>
/// <param name="Loaded">The model when it is in memory, else null.</param>
/// <param name="Languages">The languages callers may ask of it; empty: every one it knows.</param>
public sealed record ModelStatus(string Name, bool IsDefault, LoadedModel? Loaded, IReadOnlyList<string> Languages);
