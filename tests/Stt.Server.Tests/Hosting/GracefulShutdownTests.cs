using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Hosting;

/// <summary>SIGTERM to the real server process while a live stream is open.</summary>
[Integration]
public sealed class GracefulShutdownTests
{
    [Test]
    public async Task Sigterm_DuringALiveStream_HealthTurnsNotServingFinalsFlushedThenUnavailableAndTheProcessExits()
    {
        using var server = ServerProcess.StartWithTestModel(new Dictionary<string, string> { ["Stt__Shutdown__DrainTimeout"] = "00:00:10" });
        await server.WaitUntilListeningAsync(TestTimeouts.Server);
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var client = new SpeechToText.SpeechToTextClient(channel);
        var health = new Health.HealthClient(channel);
        await server.WaitUntilServingAsync(health, TestTimeouts.Server);

        // Half of the clip, then the signal while the speaker is mid-sentence.
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 5)]);
        using var call = client.StreamingTranscribe();
        await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig(interims: false) });
        await new PacedAudioSender(Pacing.AsFastAsPossible).SendAsync(call.RequestStream, OpusMessages.Chunk(packets, 25));

        var responses = new List<StreamingTranscribeResponse>();
        var heard = new TaskCompletionSource();
        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext())
            {
                responses.Add(call.ResponseStream.Current);
                heard.TrySetResult();
            }
        });
        await heard.Task.WaitAsync(TestTimeouts.Server); // the server has the stream and hears speech
        var clock = Stopwatch.StartNew();
        await server.SignalAsync("TERM");

        // The signal is handled on another thread: health turns first, then new calls are refused.
        await Eventually.TrueAsync(async cancellationToken => (await health.CheckAsync(new HealthCheckRequest(), cancellationToken: cancellationToken)).Status == HealthCheckResponse.Types.ServingStatus.NotServing, TestTimeouts.Server);
        var healthAfter = await health.CheckAsync(new HealthCheckRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.GetServerInfoAsync(new GetServerInfoRequest()));
        var ended = await Assert.ThrowsAsync<RpcException>(async () => await reading);
        var exitCode = await server.WaitForExitAsync(TestTimeouts.Server);

        TestContext.Out.WriteLine($"stream ended {clock.ElapsedMilliseconds} ms after SIGTERM; {server.Output.Split('\n').Length} log lines");
        Assert.Multiple(() =>
        {
            Assert.That(healthAfter.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.NotServing), "health says so first");
            Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.Unavailable), "new calls are refused");
            Assert.That(refused.Trailers.GetValue("grpc-retry-pushback-ms"), Is.EqualTo("500"), "and retrying clients go elsewhere soon");
            Assert.That(ended!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(ended.Status.Detail, Does.Contain("shutting down").And.Contain("5.0 s received"));
            Assert.That(responses.Any(r => r.Segment is { IsFinal: true }), Is.True, "the open utterance was finalised before the call ended");
            Assert.That(responses.Last(r => r.Summary is not null).Summary.AudioSeconds, Is.EqualTo(5).Within(0.05));
            Assert.That(exitCode, Is.Zero, server.Output);
        });
    }
}
