using Grpc.Core;
using Stt.Client;
using Stt.Core.Inference;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>
/// A pass that fails inside the engine (as a native error would surface) fails only its own call: INTERNAL with a
/// correlation id that is also in the log; the worker and every other call go on.
/// </summary>
[Integration]
public sealed class EngineFaultTests : ServerTests
{
    private const string Poison = "poison";

    [OneTimeSetUp]
    public void InjectFaults()
    {
        var host = Server.Service<SpeechModelHost>();
        host.SetReady(new FaultyRecognizer(host.Recognizer), host.Model!);
    }

    [Test]
    public async Task Transcribe_PassThrowsInTheEngine_InternalWithCorrelationIdAndOthersUnaffected()
    {
        var wav = Google.Protobuf.ByteString.CopyFrom(WavWriter.Write(TestSpeech.Jfk.Samples[..(16000 * 3)], 16000));
        var healthy = Enumerable.Range(0, 3).Select(_ => Server.Client.TranscribeAsync(new TranscribeRequest { Content = wav, Language = "en" }).ResponseAsync).ToList();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Server.Client.TranscribeAsync(new TranscribeRequest { Content = wav, Language = "en", Prompt = Poison }));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Internal));
        Assert.That(error.Status.Detail, Does.Match("correlation id [0-9a-f]{12}"));
        Assert.That(error.Status.Detail, Does.Not.Contain("engine exploded"), "internals stay in the log");
        foreach (var call in healthy)
        {
            Assert.That((await call).Duration.ToTimeSpan().TotalSeconds, Is.EqualTo(3).Within(0.1));
        }

        var after = await Server.Client.TranscribeAsync(new TranscribeRequest { Content = wav, Language = "en" });
        Assert.That(after.Duration, Is.Not.Null, "the worker survived");
    }

    [Test]
    public async Task StreamingTranscribe_PassThrowsInTheEngine_OnlyThatStreamFails()
    {
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 4)]);
        var poisoned = StreamRun.OpusConfig(interims: false);
        poisoned.Prompt = Poison;
        var healthy = StreamRun.OpusAsync(Server.Client, packets, StreamRun.OpusConfig(), Pacing.AsFastAsPossible, packetsPerMessage: 5);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await StreamRun.OpusAsync(Server.Client, packets, poisoned, Pacing.AsFastAsPossible, packetsPerMessage: 5));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Internal));
        Assert.That((await healthy).Summary, Is.Not.Null);
    }

    /// <summary>The real engine, except that a pass primed with <see cref="Poison"/> throws.</summary>
    private sealed class FaultyRecognizer(ISpeechRecognizer engine) : ISpeechRecognizer
    {
        public Task<Transcript> RecognizeAsync(float[] samples, RecognitionOptions options, CancellationToken cancellationToken) =>
            options.Prompt == Poison
                ? throw new InvalidOperationException("engine exploded: whisper_full returned -7")
                : engine.RecognizeAsync(samples, options, cancellationToken);
    }
}
