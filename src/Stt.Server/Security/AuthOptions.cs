namespace Stt.Server.Security;

/// <summary>Who may call, and how much. Bound from <c>Stt:Auth</c>.</summary>
public sealed record AuthOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Stt:Auth";

    /// <summary>
    /// Digests of the accepted API keys (<c>sha256:HEX</c>; <c>stt keys new</c> makes a key and prints its digest).
    /// Empty, with no <see cref="ApiKeysFile"/>: no key is needed.
    /// </summary>
    public List<string> ApiKeys { get; init; } = [];

    /// <summary>A file of further digests, one per line (blank lines and <c>#</c> comments ignored).</summary>
    public string? ApiKeysFile { get; init; }

    /// <summary>grpc.health.v1 answers without a key. Default true (load balancers rarely carry keys).</summary>
    public bool AnonymousHealth { get; init; } = true;

    /// <summary>Server reflection answers without a key. Default true (it only describes the public API).</summary>
    public bool AnonymousReflection { get; init; } = true;

    /// <summary>Live streams (StreamingTranscribe and browser sessions) one key may hold open. Default 16; 0 = no limit.</summary>
    public int ConcurrentStreamsPerKey { get; init; } = 16;

    /// <summary>
    /// Files (gRPC Transcribe, OpenAI transcriptions and translations) one key may have in transcription at once; one more is
    /// refused with RESOURCE_EXHAUSTED (HTTP 429). Default 8: each file keeps at most 4 passes queued, so one key fills at most
    /// an eighth of the shared queue. 0 = no limit.
    /// </summary>
    public int ConcurrentFilesPerKey { get; init; } = 8;

    /// <summary>Calls one key may start per minute (PushAudio, part of an open session, is not counted). Default 600; 0 = no limit.</summary>
    public int RequestsPerMinutePerKey { get; init; } = 600;
}
