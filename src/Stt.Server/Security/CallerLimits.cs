using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Stt.Server.Security;

/// <summary>
/// Per-caller limits (System.Threading.RateLimiting): calls per minute in a sliding window, live streams at once, and
/// files being transcribed at once. The caller is the API key id, or the client's address when keys are off.
/// </summary>
public sealed class CallerLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _requests;
    private readonly PartitionedRateLimiter<string> _streams;
    private readonly PartitionedRateLimiter<string> _files;

    public CallerLimits(IOptions<AuthOptions> options)
    {
        var perMinute = options.Value.RequestsPerMinutePerKey;
        var streams = options.Value.ConcurrentStreamsPerKey;
        var files = options.Value.ConcurrentFilesPerKey;
        _requests = PartitionedRateLimiter.Create<string, string>(caller => perMinute > 0
            ? RateLimitPartition.GetSlidingWindowLimiter(caller, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0, AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter(caller));
        _streams = Concurrency(streams);
        _files = Concurrency(files);
        RequestsPerMinute = perMinute;
        StreamsPerCaller = streams;
        FilesPerCaller = files;
    }

    public int RequestsPerMinute { get; }

    public int StreamsPerCaller { get; }

    public int FilesPerCaller { get; }

    /// <summary>Counts one call; a lease that is not acquired carries the retry hint.</summary>
    public RateLimitLease CountRequest(string caller) => _requests.AttemptAcquire(caller);

    /// <summary>Holds one live stream until the lease is disposed.</summary>
    public RateLimitLease HoldStream(string caller) => _streams.AttemptAcquire(caller);

    /// <summary>Holds one file transcription until the lease is disposed.</summary>
    public RateLimitLease HoldFile(string caller) => _files.AttemptAcquire(caller);

    /// <inheritdoc />
    public void Dispose()
    {
        _requests.Dispose();
        _streams.Dispose();
        _files.Dispose();
    }

    /// <summary>At most <paramref name="permits"/> held at once per caller (0: no limit); no queue: one more is refused.</summary>
    private static PartitionedRateLimiter<string> Concurrency(int permits) =>
        PartitionedRateLimiter.Create<string, string>(caller => permits > 0
            ? RateLimitPartition.GetConcurrencyLimiter(caller, _ => new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(caller));
}
