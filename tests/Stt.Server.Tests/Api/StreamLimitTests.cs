using Grpc.Core;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>A stalled stream is flushed and closed with OK; a stream past its maximum duration with OUT_OF_RANGE; nothing received is lost.</summary>
[Integration]
public sealed class StreamLimitTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Streams:IdleTimeout"] = "00:00:01.5",
        ["Stt:Streams:MaxDuration"] = "00:00:04",
    };

    [Test]
    public async Task StreamingTranscribe_ClientStallsMidSpeech_FinalsFlushedAndClosedOk()
    {
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 3)]); // speech to the last packet: no end of utterance yet
        using var call = Server.Client.StreamingTranscribe();
        await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig(interims: false) });
        await call.RequestStream.WriteAsync(OpusMessages.Of(packets));

        var responses = new List<StreamingTranscribeResponse>();
        while (await call.ResponseStream.MoveNext())
        {
            responses.Add(call.ResponseStream.Current);
        }

        Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
        Assert.That(responses.Any(r => r.Segment is { IsFinal: true }), Is.True, "the open utterance was finalised");
        Assert.That(responses[^1].Summary.AudioSeconds, Is.EqualTo(3).Within(0.05), "every second sent was heard");
    }

    [Test]
    public async Task StreamingTranscribe_PastMaximumDuration_FlushedThenOutOfRange()
    {
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples);
        using var call = Server.Client.StreamingTranscribe();
        await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig(interims: false) });
        var responses = new List<StreamingTranscribeResponse>();
        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext())
            {
                responses.Add(call.ResponseStream.Current);
            }
        });

        var sender = new PacedAudioSender(Pacing.RealTime); // real time: 11 s of audio would take longer than the 4 s allowed
        try
        {
            await sender.SendAsync(call.RequestStream, OpusMessages.Chunk(packets, 5));
        }
        catch (RpcException)
        {
            // the server ended the call while we were still sending
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await reading);
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.OutOfRange));
        Assert.That(error.Status.Detail, Does.Contain("maximum duration").And.Contain("open a new stream"));
        var summary = responses.Select(r => r.Summary).Last(s => s is not null);
        Assert.That(summary.AudioSeconds, Is.GreaterThan(3).And.LessThanOrEqualTo(sender.Sent.TotalSeconds + 0.01), "what arrived before the limit was transcribed");
        Assert.That(responses.Any(r => r.Segment is { IsFinal: true }), Is.True);
    }
}
