using System.Net;
using System.Threading.RateLimiting;
using Stt.Core.Admission;
using Stt.Core.Diagnostics;
using Stt.Server.Hosting;

namespace Stt.Server.Security;

/// <summary>
/// What every front door (the gRPC call pipeline, the OpenAI-compatible endpoints) asks of a call before it runs: the
/// server is not draining, the API key is valid, the caller is within its calls per minute, and, for a live stream, a
/// stream slot and a place under admission control. Each check throws <see cref="CallRefusedException"/>; the door
/// turns it into its own status.
/// </summary>
internal sealed class CallGuard(ApiKeyRing keys, CallerLimits limits, AdmissionController admission, ServerDrain drain, SpeechMetrics metrics)
{
    /// <summary>Refuses every call once shutdown has begun.</summary>
    public void RefuseIfDraining()
    {
        if (drain.IsDraining)
        {
            throw Refuse(CallRefusal.Draining, "draining", "the server is shutting down; retry on another instance", TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// The caller: the key id when keys are configured (the <c>Bearer</c> key of <paramref name="authorization"/>), else the
    /// client's address (one client, one caller on every endpoint: a dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d).
    /// </summary>
    public string Identify(string? authorization, IPAddress? address)
    {
        if (!keys.Enabled)
        {
            return (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? "anonymous";
        }

        // One answer for a missing and a wrong key: which one it was is not the caller's business.
        return keys.Identify(authorization)
            ?? throw Refuse(CallRefusal.Unauthenticated, "unauthenticated", "a valid API key is required (header or metadata: authorization: Bearer <key>)", null);
    }

    /// <summary>Counts one call against the caller's calls per minute.</summary>
    public void CountRequest(string caller)
    {
        using var permit = limits.CountRequest(caller);
        if (!permit.IsAcquired)
        {
            var wait = permit.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
            throw Refuse(CallRefusal.RateLimited, "rate_limit", $"rate limit: {limits.RequestsPerMinute} calls per minute per caller", wait);
        }
    }

    /// <summary>The caller's place for one file in transcription, released when disposed.</summary>
    public IDisposable HoldFile(string caller)
    {
        var place = limits.HoldFile(caller);
        if (!place.IsAcquired)
        {
            place.Dispose();
            throw Refuse(CallRefusal.FileLimit, "file_limit",
                $"file limit: {limits.FilesPerCaller} files in transcription at once per caller (Stt:Auth:ConcurrentFilesPerKey); wait for one to finish", TimeSpan.FromSeconds(5));
        }

        return place;
    }

    /// <summary>The caller's stream slot and a place under admission control, released together when disposed.</summary>
    public StreamPlaces TakePlaces(string caller)
    {
        var slot = limits.HoldStream(caller);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            throw Refuse(CallRefusal.StreamLimit, "stream_limit",
                $"stream limit: {limits.StreamsPerCaller} live streams per caller; close one first", TimeSpan.FromSeconds(5));
        }

        if (!admission.TryAdmit(out var lease, out var refusal))
        {
            slot.Dispose();
            throw Refuse(CallRefusal.OverCapacity, null, refusal!.Message, refusal.RetryAfter); // admission counts its own reasons
        }

        metrics.StreamOpened();
        return new StreamPlaces(slot, lease!, metrics);
    }

    private CallRefusedException Refuse(CallRefusal reason, string? metric, string message, TimeSpan? retryAfter)
    {
        if (metric is not null)
        {
            metrics.Rejected(metric);
        }

        return new CallRefusedException(reason, message, retryAfter);
    }
}
