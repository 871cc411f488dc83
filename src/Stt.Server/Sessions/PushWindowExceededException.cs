namespace Stt.Server.Sessions;

/// <summary>Too many pushes are waiting for an earlier one that has not arrived.</summary>
internal sealed class PushWindowExceededException(string message) : Exception(message);
