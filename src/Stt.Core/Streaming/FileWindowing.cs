namespace Stt.Core.Streaming;

/// <summary>How a file's utterances share final passes: what <see cref="FileWindows"/> uses of <see cref="StreamingOptions"/>.</summary>
/// <param name="Longest">Longest window.</param>
/// <param name="Gap">A pause longer than this starts a new window.</param>
public sealed record FileWindowing(TimeSpan Longest, TimeSpan Gap);
