namespace Stt.Server.OpenAi.Realtime;

/// <summary>One WebSocket message of the client, whole: its kind and, for text and binary, its bytes.</summary>
internal readonly record struct ClientMessage(ClientMessageKind Kind, ReadOnlyMemory<byte> Text);
