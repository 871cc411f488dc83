namespace Stt.Core.Models;

/// <summary>A model file that cannot be used: missing, truncated, corrupt or of the wrong kind.</summary>
public sealed class ModelFileException(string message, Exception? inner = null) : Exception(message, inner);
