namespace Stt.Server.Sessions;

/// <summary>What a push did.</summary>
/// <param name="NextSequence">Every push below this has been received and decoded.</param>
/// <param name="Duplicate">The push had been received before and was dropped.</param>
public sealed record PushResult(ulong NextSequence, bool Duplicate);
