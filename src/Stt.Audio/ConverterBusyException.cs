namespace Stt.Audio;

/// <summary>
/// Every external conversion slot stayed busy for as long as a call may wait (<see cref="ExternalAudioConverterOptions.MaxWait"/>):
/// the server is at capacity, not the audio at fault; try again shortly. The message names the limit's setting.
/// </summary>
public sealed class ConverterBusyException(string message) : Exception(message);
