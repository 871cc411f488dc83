using Grpc.Core;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Hosting;

/// <summary>The Prometheus endpoint on the HTTP/1.1 port, after real traffic.</summary>
[Integration]
public sealed class MetricsTests : ServerTests
{
    [Test]
    public async Task Metrics_AfterAStreamAndARefusal_ExposeTheServiceInstruments()
    {
        // All of jfk at once (faster than real time: served, but its finals are not live latencies), four seconds
        // of it at real time (a final latency), and a stream its client cancels.
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples);
        await StreamRun.OpusAsync(Server.Client, packets, StreamRun.OpusConfig(), Pacing.AsFastAsPossible, packetsPerMessage: 5);
        await StreamRun.OpusAsync(Server.Client, OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 4)]), StreamRun.OpusConfig(), Pacing.RealTime, packetsPerMessage: 5);
        using (var cancel = new CancellationTokenSource())
        {
            using var call = Server.Client.StreamingTranscribe(cancellationToken: cancel.Token);
            await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig() });
            await call.RequestStream.WriteAsync(OpusMessages.Of(packets.Take(50)));
            using var heard = new CancellationTokenSource(TestTimeouts.Server);
            await call.ResponseStream.MoveNext(heard.Token); // the server is transcribing it: speech started
            await cancel.CancelAsync();
        }

        await Assert.ThrowsAsync<RpcException>(async () => await Server.Client.TranscribeAsync(new TranscribeRequest { Content = Google.Protobuf.ByteString.CopyFromUtf8("not audio") }));

        using var http = new HttpClient();
        var text = await Eventually.ReadAsync(
            cancellationToken => http.GetStringAsync(new Uri(Server.ManagementAddress, "/metrics"), cancellationToken),
            text => text.Contains("stt_final_latency_seconds_bucket", StringComparison.Ordinal) && text.Contains("kind=\"cancelled\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20),
            poll: TimeSpan.FromMilliseconds(200)); // the exporter caches a scrape briefly

        TestContext.Out.WriteLine(string.Join('\n', text.Split('\n').Where(l => l.StartsWith("stt_", StringComparison.Ordinal)).Take(60)));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("stt_streams_active"));
            Assert.That(text, Does.Contain("stt_inference_queue_depth").And.Contain("priority=\"final\""));
            Assert.That(text, Does.Contain("stt_inference_pass_duration_seconds_bucket"));
            Assert.That(text, Does.Contain("stt_final_latency_seconds_count"));
            Assert.That(text, Does.Contain("stt_audio_received_seconds_total"));
            Assert.That(text, Does.Contain("stt_detection_audio_seconds_total").And.Contain("outcome=\"passed\"").And.Contain("outcome=\"rejected\""));
            Assert.That(text, Does.Contain("stt_inference_realtime_factor"));
            Assert.That(text, Does.Contain("stt_calls_total").And.Contain("status=\"InvalidArgument\"").And.Contain("method=\"StreamingTranscribe\""));
            Assert.That(text, Does.Contain("stt_client_faults_total").And.Contain("kind=\"faster_than_real_time\"").And.Contain("kind=\"cancelled\""));
        });
    }
}
