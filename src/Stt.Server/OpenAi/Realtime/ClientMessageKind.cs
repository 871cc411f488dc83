namespace Stt.Server.OpenAi.Realtime;

/// <summary>What a client's WebSocket message is.</summary>
internal enum ClientMessageKind
{
    /// <summary>A text message: a JSON client event.</summary>
    Text,

    /// <summary>A binary message, which the Realtime API does not have.</summary>
    Binary,

    /// <summary>The client closed the socket, or the connection dropped.</summary>
    Close,

    /// <summary>The message grew past the limit; the rest of it is not read.</summary>
    TooBig,
}
