using Grpc.Core;
using Stt.V1;

namespace Stt.Client;

/// <summary>
/// One server stream of a live stream, reported when it ends (see <see cref="SpeechStreamOptions.AttemptEnded"/>). Times are
/// in the caller's audio, from its first sample.
/// </summary>
/// <param name="Number">1 for the first stream, 2 for the one that took over from it, ...</param>
/// <param name="From">Where in the audio this stream started: where the servers had confirmed the audio before it.</param>
/// <param name="Sent">Audio sent on this stream (what was sent again after a failure included).</param>
/// <param name="Confirmed">How far the audio is transcribed, its finals delivered, after this stream: the end of its last
/// final, or everything it received when it ended with a summary. The next stream starts here.</param>
/// <param name="Skipped">Audio no longer kept when this stream started (over <see cref="SpeechStreamOptions.MaxReplay"/>), so never
/// transcribed; zero unless a failover came after a long stretch with no final.</param>
/// <param name="Finals">Finals of this stream passed on.</param>
/// <param name="DuplicatesDropped">Finals of this stream dropped because an earlier stream had already delivered that audio.</param>
/// <param name="Status">How the stream ended: OK for the last one; UNAVAILABLE (a server shutting down, or unreachable),
/// INTERNAL or CANCELLED (a replica killed behind a proxy), OUT_OF_RANGE (the server's maximum duration) before a
/// new stream took over.</param>
/// <param name="Detail">The status message.</param>
/// <param name="Summary">The server's summary of this stream, when it sent one (it does when it ends or drains).</param>
public sealed record StreamAttempt(
    int Number,
    TimeSpan From,
    TimeSpan Sent,
    TimeSpan Confirmed,
    TimeSpan Skipped,
    int Finals,
    int DuplicatesDropped,
    StatusCode Status,
    string Detail,
    SessionSummary? Summary);
