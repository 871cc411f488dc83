namespace Stt.Core.Streaming;

/// <summary>A stream sent more audio than its <see cref="IAudioAllowance"/> allows; the message names the limit and its setting.</summary>
public sealed class AudioAllowanceExceededException(string message) : Exception(message);
