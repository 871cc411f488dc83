using Grpc.Core;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Abuse;

/// <summary>
/// A live stream cannot push audio much faster than real time: past the allowance it is refused before the audio is
/// decoded. A stream that says it sends a recording (file pacing) may go as fast as the server takes it.
/// </summary>
[Integration]
public sealed class StreamPacingTests : ServerTests
{
    private static readonly List<byte[]> Packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Streams:MaxAheadOfRealTime"] = "00:00:03",
    };

    [Test]
    public async Task StreamingTranscribe_LiveStreamSentAtFullSpeed_ResourceExhaustedNamingTheSetting()
    {
        using var call = Server.Client.StreamingTranscribe();
        await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig(interims: false) });
        await call.RequestStream.WriteAsync(OpusMessages.Of(Packets)); // 11 s at once: 8 s past the allowance

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Server));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(error.Status.Detail, Does.Contain("Stt:Streams:MaxAheadOfRealTime").And.Contain("AUDIO_PACING_FILE"));
    }

    [Test]
    public async Task StreamingTranscribe_FilePacedStreamAtFullSpeed_EverySecondTranscribed()
    {
        var config = StreamRun.OpusConfig(interims: false);
        config.Pacing = AudioPacing.File;

        var run = await StreamRun.OpusAsync(Server.Client, Packets, config, Pacing.AsFastAsPossible, packetsPerMessage: 25).WaitAsync(TestTimeouts.Server);

        Assert.That(run.Summary!.AudioSeconds, Is.EqualTo(TestSpeech.Jfk.Duration.TotalSeconds).Within(0.05));
        Assert.That(run.Finals, Is.Not.Empty);
    }

    [Test]
    public async Task PushAudio_LiveSessionPushedAtFullSpeed_SessionEndsWithResourceExhausted()
    {
        var web = new SpeechToText.SpeechToTextClient(Server.WebChannel());
        await using var session = await BrowserSessionRun.OpenAsync(web, StreamRun.OpusConfig(interims: false));

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            foreach (var push in session.Pushes(Packets, 25))
            {
                await web.PushAudioAsync(push, deadline: DateTime.UtcNow + TestTimeouts.Server);
            }
        });

        Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        var ended = await Assert.ThrowsAsync<RpcException>(async () => await session.Receiving.WaitAsync(TestTimeouts.Server));
        Assert.That(ended!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted), "the results stream ends with the same status");
    }
}
