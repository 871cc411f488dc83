namespace Stt.Core.Streaming;

/// <summary>A push or resume named a session that does not exist (any more).</summary>
public sealed class SessionNotFoundException(string message) : Exception(message);
