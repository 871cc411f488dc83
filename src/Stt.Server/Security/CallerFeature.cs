namespace Stt.Server.Security;

/// <summary>
/// Who made a call: the API key id, or the client's address when keys are off. Set by the authentication step (gRPC)
/// or the OpenAI gate before the handler runs; what a caller opens is theirs, and the handlers ask this whose it is.
/// </summary>
internal sealed record CallerFeature(string Caller);
