namespace Stt.Abuse.Report;

/// <summary>A target an attack checks beyond the statuses of its answers.</summary>
internal sealed record Check(string Name, bool Met, string? Detail);
