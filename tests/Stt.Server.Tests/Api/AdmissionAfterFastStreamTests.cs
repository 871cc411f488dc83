using Grpc.Core;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>
/// Admission control as shipped, with a latency bound tight enough that any measured final latency would cross it:
/// a recording sent faster than real time must not make an idle server refuse the real-time streams after it.
/// </summary>
[Integration]
public sealed class AdmissionAfterFastStreamTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Admission:Enabled"] = "true",
        ["Stt:Admission:FinalLatencyBound"] = "00:00:00.200",
    };

    [Test]
    public async Task StreamingTranscribe_FastStreamThenRealTimeStreamsOnAnIdleServer_AllAdmitted()
    {
        var clip = TestSpeech.Jfk.Samples;
        float[] thirtySeconds = [.. clip, .. clip, .. clip[..(16000 * 8)]];
        var fast = await StreamRun.OpusAsync(Server.Client, OpusEncoding.Encode(thirtySeconds), StreamRun.OpusConfig(), Pacing.AsFastAsPossible, packetsPerMessage: 25).WaitAsync(TestTimeouts.Slow);
        Assert.That(fast.Finals, Is.Not.Empty, "the fast stream is served");

        var packets = OpusEncoding.Encode(clip[..(16000 * 4)]);
        for (var i = 0; i < 4; i++)
        {
            StreamRun run;
            try
            {
                run = await StreamRun.OpusAsync(Server.Client, packets, StreamRun.OpusConfig(), Pacing.RealTime, packetsPerMessage: 5).WaitAsync(TestTimeouts.Slow);
            }
            catch (RpcException ex)
            {
                Assert.Fail($"real-time stream {i + 1}, alone on the server, was refused: {ex.Status}");
                return;
            }

            Assert.That(run.Summary, Is.Not.Null, $"real-time stream {i + 1} ran to its summary");
        }

        var info = await Server.Client.GetServerInfoAsync(new GetServerInfoRequest());
        Assert.That(info.Load.ActiveStreams, Is.Zero);
        Assert.That(info.Load.RefusingStreams, Is.False, "an idle server admits the next stream");
    }
}
