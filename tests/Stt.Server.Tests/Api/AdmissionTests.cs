using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>Admission control on, with a fixed ceiling of two streams so the test does not depend on the machine's speed.</summary>
[Integration]
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
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await StreamRun.OpusAsync(Server.Client, packets, StreamRun.OpusConfig(), Pacing.AsFastAsPossible));
        var refusedAfter = clock.Elapsed;

        Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(refused.Status.Detail, Does.Contain("capacity"));
        Assert.That(refused.Trailers.GetValue("retry-after"), Is.Not.Null);
        TestContext.Out.WriteLine($"refused after {refusedAfter.TotalMilliseconds:F0} ms");
        var info = await Server.Client.GetServerInfoAsync(new GetServerInfoRequest());
        Assert.That(info.Load.RefusingStreams, Is.True);

        foreach (var call in new[] { first, second })
        {
            await new PacedAudioSender(Pacing.AsFastAsPossible).SendAsync(call.RequestStream, OpusMessages.Chunk(packets, 10));

            await call.RequestStream.CompleteAsync();
            var summary = false;
            while (await call.ResponseStream.MoveNext())
            {
                summary |= call.ResponseStream.Current.Summary is not null;
            }

            Assert.That(summary, Is.True, "admitted streams are served to the end");
        }

        await WaitForActiveStreamsAsync(0);
        var again = await StreamRun.OpusAsync(Server.Client, packets, StreamRun.OpusConfig(), Pacing.AsFastAsPossible);
        Assert.That(again.Summary, Is.Not.Null, "places come back when streams end");
    }

    [Test]
    public async Task StreamingTranscribe_PastCapacity_RefusedBeforeAnyResponseHeaderWithACappedPushback()
    {
        using var first = Server.Client.StreamingTranscribe();
        using var second = Server.Client.StreamingTranscribe();
        await first.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig() });
        await second.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig() });
        await WaitForActiveStreamsAsync(2);

        // Raw HTTP/2, to see the wire: a refusal in response headers that end the stream (trailers-only) is one a
        // gRPC client may replay elsewhere; headers first, then the status, would commit the call to this replica.
        using var http = new HttpClient(new SocketsHttpHandler());
        var config = new StreamingTranscribeRequest { Config = StreamRun.OpusConfig() }.ToByteArray();
        var frame = new byte[5 + config.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)config.Length);
        config.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.GrpcAddress, "/stt.v1.SpeechToText/StreamingTranscribe"))
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("grpc-status").Single(), Is.EqualTo(((int)StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture)),
                "the status is in the response headers: a trailers-only response");
            Assert.That(body, Is.Empty, "no message before the refusal");
            Assert.That(response.TrailingHeaders, Is.Empty);
            Assert.That(int.Parse(response.Headers.GetValues("retry-after").Single(), CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(int.Parse(response.Headers.GetValues("grpc-retry-pushback-ms").Single(), CultureInfo.InvariantCulture), Is.InRange(1, 500),
                "a short pushback: a gRPC client with a retry policy tries another replica soon");
        });
    }

    private async Task WaitForActiveStreamsAsync(int count)
    {
        await Eventually.TrueAsync(
            async cancellationToken => (await Server.Client.GetServerInfoAsync(new GetServerInfoRequest(), cancellationToken: cancellationToken)).Load.ActiveStreams == count,
            TimeSpan.FromSeconds(10),
            () => $"not {count} active streams",
            poll: TimeSpan.FromMilliseconds(20));
    }
}
