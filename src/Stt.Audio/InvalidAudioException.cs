namespace Stt.Audio;

/// <summary>Audio that cannot be decoded. The message says what is wrong in words a user can act on.</summary>
public sealed class InvalidAudioException(string message, Exception? inner = null) : Exception(message, inner);
