namespace Stt.Core.Models;

/// <summary>A request named a model that is not on the server's list (<see cref="ModelsOptions.Allowed"/>).</summary>
public sealed class UnknownModelException(string name, IReadOnlyList<string> allowed)
    : Exception($"model '{name}' is not served here; use {string.Join(", ", allowed.Select(n => $"'{n}'"))} or leave it empty for the default")
{
    /// <summary>The names a request may give.</summary>
    public IReadOnlyList<string> Allowed { get; } = allowed;
}
