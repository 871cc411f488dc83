namespace Stt.Server.OpenAi.Realtime;

/// <summary>Why a Realtime session ended.</summary>
internal enum SessionEnd
{
    /// <summary>The client closed the socket, or the connection dropped.</summary>
    ClientClosed,

    /// <summary>No client event for the idle timeout.</summary>
    Idle,

    /// <summary>The session reached its maximum duration.</summary>
    MaxDuration,

    /// <summary>The server drains.</summary>
    Draining,

    /// <summary>The session could not go on (its turns failed, or an event could not be applied).</summary>
    Failed,

    /// <summary>A client message was larger than the limit.</summary>
    MessageTooBig,
}
