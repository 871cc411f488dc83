using Google.Protobuf;
using Grpc.Core;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>Every bad input gets its status and a message a user can act on; the server keeps serving.</summary>
[Integration]
public sealed class StreamingBadInputTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Stt:Api:MaxMessageBytes"] = "1000000" };

    private static StreamingTranscribeRequest Config(Action<StreamingConfig>? change = null)
    {
        var config = StreamRun.OpusConfig(interims: false);
        change?.Invoke(config);
        return new StreamingTranscribeRequest { Config = config };
    }

    private static StreamingTranscribeRequest Opus(params byte[][] packets) => OpusMessages.Of(packets);

    private async Task<RpcException> CallExpectingErrorAsync(params StreamingTranscribeRequest[] messages)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Server);
        using var call = Server.Client.StreamingTranscribe(cancellationToken: timeout.Token);
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message, timeout.Token);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // the server may fail the call before every message is written; the status is read below
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync(timeout.Token))
            {
            }
        });
        TestContext.Out.WriteLine($"{error!.StatusCode}: {error.Status.Detail}");
        return error;
    }

    private static void AssertStatus(RpcException error, StatusCode status, string detail)
    {
        Assert.That(error.StatusCode, Is.EqualTo(status));
        Assert.That(error.Status.Detail, Does.Contain(detail));
    }

    [Test]
    public async Task StreamingTranscribe_AudioBeforeConfig_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(Opus(new byte[10])), StatusCode.InvalidArgument, "first message must carry config");

    [Test]
    public async Task StreamingTranscribe_NoMessages_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(), StatusCode.InvalidArgument, "first message must carry config");

    [Test]
    public async Task StreamingTranscribe_SecondConfig_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(Config(), Config()), StatusCode.InvalidArgument, "second config");

    [Test]
    public async Task StreamingTranscribe_UnspecifiedEncoding_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(Config(c => c.Encoding = AudioEncoding.Unspecified)), StatusCode.InvalidArgument, "config.encoding is required");

    [Test]
    public async Task StreamingTranscribe_UnknownEncoding_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(Config(c => c.Encoding = (AudioEncoding)7)), StatusCode.InvalidArgument, "config.encoding 7 is not supported");

    [Test]
    public async Task StreamingTranscribe_OpusAt44100_ReturnsInvalidArgumentListingRates() =>
        AssertStatus(await CallExpectingErrorAsync(Config(c => c.SampleRateHertz = 44100)), StatusCode.InvalidArgument,
            "sample rate 44100 is not supported for OPUS; use 8000, 12000, 16000, 24000 or 48000");

    [Test]
    public async Task StreamingTranscribe_Linear16At96000_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(Config(c => { c.Encoding = AudioEncoding.Linear16; c.SampleRateHertz = 96000; })),
            StatusCode.InvalidArgument, "use 8000 to 48000 Hz");

    [TestCase(0)]
    [TestCase(3)]
    public async Task StreamingTranscribe_BadChannelCount_ReturnsInvalidArgument(int channels) =>
        AssertStatus(await CallExpectingErrorAsync(Config(c => c.Channels = channels)), StatusCode.InvalidArgument, $"channels {channels} is not supported");

    [Test]
    public async Task StreamingTranscribe_EmptyAudioMessage_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(Config(), new StreamingTranscribeRequest { Audio = new AudioChunk() }), StatusCode.InvalidArgument, "audio message 1 carries no audio");

    [Test]
    public async Task StreamingTranscribe_MessageWithoutPayload_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(Config(), new StreamingTranscribeRequest()), StatusCode.InvalidArgument, "message 1 is empty");

    [Test]
    public async Task StreamingTranscribe_GarbageOpusPackets_ReturnsInvalidArgumentNamingThePacket()
    {
        var garbage = Enumerable.Range(0, 40).Select(_ => new byte[] { 0xFF, 0xFF, 0x01, 0x02 }).ToArray();

        var error = await CallExpectingErrorAsync(Config(), Opus(garbage));

        AssertStatus(error, StatusCode.InvalidArgument, "Opus packet 7 cannot be decoded");
    }

    [Test]
    public async Task StreamingTranscribe_PcmOnAnOpusStream_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(Config(), new StreamingTranscribeRequest { Audio = new AudioChunk { Linear16 = ByteString.CopyFrom(new byte[64]) } }),
            StatusCode.InvalidArgument, "configured for OPUS");

    [Test]
    public async Task StreamingTranscribe_OversizedMessage_ReturnsResourceExhausted() =>
        AssertStatus(await CallExpectingErrorAsync(Config(), Opus(new byte[1_100_000])), StatusCode.ResourceExhausted, "exceeds the maximum");

    [Test]
    public async Task StreamingTranscribe_UnknownLanguage_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(Config(c => c.Language = "klingon")), StatusCode.InvalidArgument, "language 'klingon' is not known");

    [Test]
    public async Task StreamingTranscribe_PromptTooLong_ReturnsInvalidArgument() =>
        AssertStatus(await CallExpectingErrorAsync(Config(c => c.Prompt = new string('x', 2000))), StatusCode.InvalidArgument, "prompt is 2000 bytes; the limit is 1024");

    [Test]
    public async Task StreamingTranscribe_AfterBadInputs_ServerStillServes()
    {
        await CallExpectingErrorAsync(Config(), Opus(Enumerable.Range(0, 40).Select(_ => new byte[] { 0xFF, 0xFF }).ToArray()));

        var run = await StreamRun.OpusAsync(Server.Client, OpusEncoding.Encode(TestSpeech.Jfk.Samples), StreamRun.OpusConfig(false), Pacing.AsFastAsPossible, packetsPerMessage: 25)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(run.Summary, Is.Not.Null);
        Assert.That(run.Finals, Is.Not.Empty);
    }
}
