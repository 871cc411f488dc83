namespace Stt.Client;

/// <summary>How a <see cref="SpeechClient"/> connects.</summary>
public sealed class SpeechClientOptions
{
    /// <summary>Sent as <c>authorization: Bearer KEY</c> on every call when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Attempts for a call the server refused before answering: UNAVAILABLE (connection refused, server starting or
    /// shutting down) or RESOURCE_EXHAUSTED (a full replica). With several replicas each attempt goes to the next one.
    /// Default 5.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Retry calls a full replica refused (RESOURCE_EXHAUSTED before it answered), after the server's
    /// <c>grpc-retry-pushback-ms</c>: on the next replica with several addresses, through the load balancer with one.
    /// Default true. Off, live streams are not retried at all (gRPC for .NET honours a pushback whatever the status), so
    /// one server's refusals are seen as they come (what <c>stt bench</c> measures).
    /// </summary>
    public bool RetryWhenFull { get; set; } = true;

    /// <summary>Deadline of unary calls. Default 10 minutes (a 25 MB file on a busy CPU server).</summary>
    public TimeSpan UnaryDeadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Request bytes kept per call so a refused call can be replayed to another replica (gRPC's
    /// <c>MaxRetryBufferPerCallSize</c>). A live stream's audio is kept until the server's first response; past this
    /// size the call is no longer retried by gRPC (a live stream is still resumed, see
    /// <see cref="SpeechStreamOptions.Resume"/>). Default 256 KiB, about 85 s of the client's 24 kbit/s Opus.
    /// </summary>
    public int MaxRetryBufferPerCall { get; set; } = 256 * 1024;

    /// <summary>
    /// How often a <c>dns:///</c> address is resolved again, so replicas added later are used. Default 30 s.
    /// </summary>
    public TimeSpan DnsRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// HTTP/2 pings on a connection with calls in flight after this long without a frame from the server, so a replica
    /// or proxy that vanished without closing the connection is noticed (then the call fails with UNAVAILABLE and a
    /// live stream resumes elsewhere). Default 30 s; the answer must come within 20 s.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);
}
