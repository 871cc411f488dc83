using Google.Protobuf;
using Stt.Core.Inference;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>A client that leaves frees its inference slot at once.</summary>
public sealed class CancellationTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Inference:Workers"] = "1",
        ["Stt:Inference:ReduceAudioContext"] = "false", // long passes, so the cancel lands mid-pass
    };

    [Test]
    public async Task StreamingTranscribe_ClientCancelsMidStream_FreesItsWorkerSlot()
    {
        var scheduler = Server.Service<InferenceScheduler>();
        using var cancel = new CancellationTokenSource();
        var call = Server.Client.StreamingTranscribe(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig(interims: true) });
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples);
        foreach (var chunk in packets.Chunk(25))
        {
            var opus = new OpusPackets();
            opus.Packets.AddRange(chunk.Select(ByteString.CopyFrom));
            await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Audio = new AudioChunk { Opus = opus } });
        }

        await WaitUntil(() => scheduler.RunningJobs + scheduler.QueuedJobs > 0, TimeSpan.FromSeconds(20));

        await cancel.CancelAsync();
        call.Dispose();

        await WaitUntil(() => scheduler.RunningJobs + scheduler.QueuedJobs == 0, TimeSpan.FromSeconds(5));
        var after = await Server.Client.TranscribeAsync(
            new TranscribeRequest { Content = ByteString.CopyFrom(WavWriter.Write(TestSpeech.Jfk.Samples[..32000], 16000)) },
            deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.That(after.Duration.ToTimeSpan().TotalSeconds, Is.EqualTo(2).Within(0.01), "the freed worker serves the next caller");
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(5, cts.Token);
        }
    }
}
