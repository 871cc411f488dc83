namespace Stt.Core.Streaming;

/// <summary>Too many pushes are waiting for an earlier one that has not arrived.</summary>
public sealed class PushWindowExceededException(string message) : Exception(message);
