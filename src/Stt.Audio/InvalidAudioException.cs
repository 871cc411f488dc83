namespace Stt.Audio;

/// <summary>
/// Audio that cannot be decoded. The message says what is wrong in words a user can act on. Not sealed: audio past a
/// limit (<see cref="AudioLimitExceededException"/>) is invalid audio too, and callers map both the same way.
/// </summary>
public class InvalidAudioException(string message, Exception? inner = null) : Exception(message, inner);
