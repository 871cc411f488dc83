using Stt.Core.Streaming;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// Why a Realtime session ended: one of the <see cref="StreamLifetime"/>'s reasons (<see cref="SessionEnds.Of"/> maps
/// them), or one of the Realtime endpoint's own.
/// </summary>
internal enum SessionEnd
{
    /// <summary><see cref="StreamEndReason.Idle"/>: no client event the session could apply for the idle timeout.</summary>
    Idle,

    /// <summary><see cref="StreamEndReason.MaxDuration"/>.</summary>
    MaxDuration,

    /// <summary><see cref="StreamEndReason.Draining"/>.</summary>
    Draining,

    /// <summary>The client closed the socket, or the connection dropped.</summary>
    ClientClosed,

    /// <summary>The session could not go on (its turns failed, or an event could not be applied).</summary>
    Failed,

    /// <summary>A client message was larger than the limit.</summary>
    MessageTooBig,

    /// <summary>The client does not read its socket: its server events filled the outbox (<c>Stt:OpenAi:MaxQueuedServerEvents</c>).</summary>
    ClientNotReading,
}
