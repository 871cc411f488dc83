using Grpc.Core;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Security;

/// <summary>Per-caller stream limit; without keys, the caller is the client's address.</summary>
[Integration]
public sealed class CallerStreamLimitTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Auth:ConcurrentStreamsPerKey"] = "1",
    };

    [Test]
    public async Task StreamingTranscribe_SecondConcurrentStream_ResourceExhaustedThenAllowedOnceTheFirstEnds()
    {
        using var first = Server.Client.StreamingTranscribe();
        await first.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig() });
        await first.RequestStream.WriteAsync(OpusMessages.Of(OpusEncoding.Encode(TestSpeech.Jfk.Samples[..32000])));
        Assert.That(await first.ResponseStream.MoveNext(), Is.True, "the first stream is being served: it holds the caller's place");

        using var second = Server.Client.StreamingTranscribe();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await second.ResponseStream.MoveNext());
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(error.Status.Detail, Does.Contain("1 live streams per caller"));

        await first.RequestStream.CompleteAsync();
        while (await first.ResponseStream.MoveNext())
        {
        }

        var third = await StreamRun.OpusAsync(Server.Client, [], StreamRun.OpusConfig(), Pacing.AsFastAsPossible);
        Assert.That(third.Summary, Is.Not.Null, "the slot came back when the first stream ended");
    }

}

/// <summary>Per-caller rate limit.</summary>
[Integration]
public sealed class CallerRateLimitTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Auth:RequestsPerMinutePerKey"] = "20",
    };

    [Test]
    public void GetServerInfo_PastTheRateLimit_ResourceExhaustedWithARetryHint()
    {
        RpcException? refused = null;
        for (var i = 0; i < 25 && refused is null; i++)
        {
            try
            {
                Server.Client.GetServerInfo(new GetServerInfoRequest());
            }
            catch (RpcException ex)
            {
                refused = ex;
            }
        }

        Assert.That(refused, Is.Not.Null, "20 calls per minute");
        Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(int.Parse(refused.Trailers.GetValue("retry-after")!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        Assert.That(refused.Trailers.GetValue("grpc-retry-pushback-ms"), Is.EqualTo("-1"), "retrying clients are told not to replay the call by themselves");
    }
}
