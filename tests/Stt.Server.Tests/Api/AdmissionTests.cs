using System.Diagnostics;
using Grpc.Core;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>Admission control on, with a fixed ceiling of two streams so the test does not depend on the machine's speed.</summary>
public sealed class AdmissionTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Admission:Enabled"] = "true",
        ["Stt:Admission:MaxStreams"] = "2",
    };

    [Test]
    public async Task StreamingTranscribe_PastCapacity_RefusedAtOnceWhileAdmittedStreamsFinish()
    {
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 4)]);
        using var first = Server.Client.StreamingTranscribe();
        using var second = Server.Client.StreamingTranscribe();
        await first.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig() });
        await second.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig() });
        await WaitForActiveStreamsAsync(2);

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await StreamRun.OpusAsync(Server.Client, packets, StreamRun.OpusConfig(), realTime: false));
        var refusedAfter = clock.Elapsed;

        Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(refused.Status.Detail, Does.Contain("capacity"));
        Assert.That(refused.Trailers.GetValue("retry-after"), Is.Not.Null);
        TestContext.Out.WriteLine($"refused after {refusedAfter.TotalMilliseconds:F0} ms");
        var info = await Server.Client.GetServerInfoAsync(new GetServerInfoRequest());
        Assert.That(info.Load.RefusingStreams, Is.True);

        foreach (var call in new[] { first, second })
        {
            foreach (var chunk in packets.Chunk(10))
            {
                await call.RequestStream.WriteAsync(StreamRun.OpusMessage(chunk));
            }

            await call.RequestStream.CompleteAsync();
            var summary = false;
            while (await call.ResponseStream.MoveNext())
            {
                summary |= call.ResponseStream.Current.Summary is not null;
            }

            Assert.That(summary, Is.True, "admitted streams are served to the end");
        }

        await WaitForActiveStreamsAsync(0);
        var again = await StreamRun.OpusAsync(Server.Client, packets, StreamRun.OpusConfig(), realTime: false);
        Assert.That(again.Summary, Is.Not.Null, "places come back when streams end");
    }

    private async Task WaitForActiveStreamsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await Server.Client.GetServerInfoAsync(new GetServerInfoRequest(), cancellationToken: timeout.Token)).Load.ActiveStreams != count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
