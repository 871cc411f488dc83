namespace Stt.Abuse.Report;

/// <summary>What a client can do with an answer it got.</summary>
internal enum AnswerKind
{
    /// <summary>Success: gRPC OK, HTTP 2xx, a normal WebSocket close.</summary>
    Ok,

    /// <summary>
    /// A refusal a client can act on: INVALID_ARGUMENT, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, OUT_OF_RANGE, UNAVAILABLE,
    /// NOT_FOUND; HTTP 400, 404, 413, 429, 503; WebSocket close 1008, 1009, 1012.
    /// </summary>
    Actionable,

    /// <summary>Neither: a status outside both lists, a connection cut without a status. Reported, not a failure.</summary>
    Other,

    /// <summary>INTERNAL, UNKNOWN, HTTP 500, WebSocket close 1011, an error event of type server_error, no answer within the bound: fails the run.</summary>
    Unusable,
}
