using Grpc.Core;
using Stt.Core.Admission;
using Stt.Server.Sessions;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Abuse;

/// <summary>
/// No stream place without an owner: every place a live stream takes (the caller's stream slot, admission) comes back
/// on every path a hostile or broken client can take, so such a client cannot lock its key, or the server, out.
/// </summary>
[Integration]
public sealed class StreamPlaceTests : ServerTests
{
    private const int StreamsPerCaller = 2;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Auth:ConcurrentStreamsPerKey"] = StreamsPerCaller.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Stt:Streams:IdleTimeout"] = "00:00:01",
        ["Stt:Sessions:DetachedGrace"] = "00:00:01",
    };

    [SetUp]
    public async Task WaitUntilNoStreamIsOpen() => await WaitUntilNoPlaceIsHeldAsync();

    [Test]
    public async Task OpenSession_CancelledAtOnce_PlacesReleased()
    {
        var web = new SpeechToText.SpeechToTextClient(Server.WebChannel());

        for (var i = 0; i < 10; i++)
        {
            using var call = web.OpenSession(new OpenSessionRequest { Config = StreamRun.OpusConfig(interims: false) }, deadline: DateTime.UtcNow.AddMilliseconds(1));
            try
            {
                await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Server);
            }
            catch (RpcException)
            {
                // the deadline passed: what the server does with the session it opened is what counts
            }
        }

        await AssertAllPlacesReturnedAsync();
    }

    [Test]
    public async Task OpenSession_ResetAfterItsFirstMessage_PlacesReleased()
    {
        var web = new SpeechToText.SpeechToTextClient(Server.WebChannel());

        for (var i = 0; i < StreamsPerCaller; i++) // each holds its places for the grace in which it may be resumed
        {
            using var cancel = new CancellationTokenSource();
            using var call = web.OpenSession(new OpenSessionRequest { Config = StreamRun.OpusConfig(interims: false) }, cancellationToken: cancel.Token);
            Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Server), Is.True);
            await cancel.CancelAsync(); // RST_STREAM: the session waits for a resume, then goes
        }

        await AssertAllPlacesReturnedAsync();
    }

    [Test]
    public async Task StreamingTranscribe_NoFirstMessage_DeadlineExceededAndPlacesReleased()
    {
        var calls = Enumerable.Range(0, StreamsPerCaller).Select(_ => Server.Client.StreamingTranscribe()).ToList();

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Server));
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
            Assert.That(error.Status.Detail, Does.Contain("Stt:Streams:IdleTimeout").And.Contain("config first"));
            call.Dispose();
        }

        await AssertAllPlacesReturnedAsync();
    }

    /// <summary>Admission counts no stream, the registry holds no session, and the caller can open as many streams as it may.</summary>
    private async Task AssertAllPlacesReturnedAsync()
    {
        await WaitUntilNoPlaceIsHeldAsync();
        var open = new List<AsyncDuplexStreamingCall<StreamingTranscribeRequest, StreamingTranscribeResponse>>();
        try
        {
            for (var i = 0; i < StreamsPerCaller; i++)
            {
                var call = Server.Client.StreamingTranscribe();
                open.Add(call);
                await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig(interims: false) });
            }

            await Eventually.TrueAsync(_ => Task.FromResult(Server.Service<AdmissionController>().ActiveStreams == StreamsPerCaller), TestTimeouts.Server,
                () => $"{Server.Service<AdmissionController>().ActiveStreams} of the caller's {StreamsPerCaller} streams admitted");
        }
        finally
        {
            open.ForEach(call => call.Dispose());
        }
    }

    private async Task WaitUntilNoPlaceIsHeldAsync() =>
        await Eventually.TrueAsync(
            _ => Task.FromResult(Server.Service<AdmissionController>().ActiveStreams == 0 && Server.Service<SessionRegistry>().Count == 0),
            TestTimeouts.Server,
            () => $"{Server.Service<AdmissionController>().ActiveStreams} streams admitted, {Server.Service<SessionRegistry>().Count} sessions open");
}
