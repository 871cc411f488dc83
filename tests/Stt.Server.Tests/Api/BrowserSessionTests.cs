using Grpc.Core;
using Stt.Client;
using Stt.Server.Sessions;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>The browser session API over gRPC-Web on HTTP/1.1: same pipeline, same results as the bidi call.</summary>
[Integration]
public sealed class BrowserSessionTests : ServerTests
{
    private static readonly List<byte[]> Packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples);
    private SpeechToText.SpeechToTextClient _web = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Streams:IdleTimeout"] = "00:00:02",
        ["Stt:Sessions:DetachedGrace"] = "00:00:02",
    };

    [SetUp]
    public void CreateWebClient() => _web = new SpeechToText.SpeechToTextClient(Server.WebChannel());

    private static StreamingConfig Config() => StreamRun.OpusConfig(interims: false);

    private static string Describe(IEnumerable<Segment> finals) =>
        string.Join(" | ", finals.Select(f => $"{f.Id} {f.Start.ToTimeSpan().TotalSeconds:F2}-{f.End.ToTimeSpan().TotalSeconds:F2} {f.Text}"));

    [Test]
    public async Task OpenSession_PushesOverGrpcWeb_SameFinalsAsTheBidiCall()
    {
        var bidi = await StreamRun.OpusAsync(Server.Client, Packets, Config(), Pacing.AsFastAsPossible, packetsPerMessage: 10).WaitAsync(TestTimeouts.Server);
        await using var session = await BrowserSessionRun.OpenAsync(_web, Config());

        foreach (var push in session.Pushes(Packets, 10))
        {
            var reply = await _web.PushAudioAsync(push, deadline: DateTime.UtcNow + TestTimeouts.Server);
            Assert.That(reply.NextSequence, Is.EqualTo(push.Sequence + 1));
        }

        await session.Receiving.WaitAsync(TestTimeouts.Server);
        Assert.That(Describe(session.Finals), Is.EqualTo(Describe(bidi.Finals)));
        Assert.That(session.Responses[^1].Summary.PacketsReceived, Is.EqualTo((uint)Packets.Count));
    }

    [Test]
    public async Task PushAudio_OutOfOrderAndDuplicated_AppliedOnceInOrder()
    {
        var ordered = await StreamRun.OpusAsync(Server.Client, Packets, Config(), Pacing.AsFastAsPossible, packetsPerMessage: 10).WaitAsync(TestTimeouts.Server);
        await using var session = await BrowserSessionRun.OpenAsync(_web, Config());
        var pushes = session.Pushes(Packets, 10);
        var shuffled = pushes.OrderBy(p => (p.Sequence * 7919) % 13).ToList(); // deterministic scramble

        var duplicates = 0;
        foreach (var push in shuffled.Concat(pushes.Take(5)))
        {
            var reply = await _web.PushAudioAsync(push, deadline: DateTime.UtcNow + TestTimeouts.Server);
            duplicates += reply.Duplicate ? 1 : 0;
        }

        await session.Receiving.WaitAsync(TestTimeouts.Server);
        Assert.That(duplicates, Is.EqualTo(5));
        Assert.That(Describe(session.Finals), Is.EqualTo(Describe(ordered.Finals)));
        Assert.That(session.Responses[^1].Summary.PacketsReceived, Is.EqualTo((uint)Packets.Count), "no push decoded twice");
    }

    [Test]
    public async Task PushAudio_UnknownSession_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _web.PushAudioAsync(BrowserSessionRun.Push("no-such-session", 0, Packets.Take(5)), deadline: DateTime.UtcNow + TestTimeouts.Server));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
    }

    [Test]
    public async Task OpenSession_NoPushes_IdleTimeoutFlushesAndEndsWithOk()
    {
        await using var session = await BrowserSessionRun.OpenAsync(_web, Config());
        await _web.PushAudioAsync(BrowserSessionRun.Push(session.Id, 0, Packets.Take(150)), deadline: DateTime.UtcNow + TestTimeouts.Server);

        await session.Receiving.WaitAsync(TestTimeouts.Server);

        Assert.That(session.Finals, Is.Not.Empty, "speech pushed before the pause is transcribed, not lost");
        Assert.That(session.Responses[^1].Summary, Is.Not.Null);

        // The server closes the session once its summary is written: the client may read the summary a moment before.
        await Eventually.TrueAsync(() => !Server.Service<SessionRegistry>().IsOpen(session.Id), TestTimeouts.Server, () => "the session is still open");
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _web.PushAudioAsync(BrowserSessionRun.Push(session.Id, 1, Packets.Take(5)), deadline: DateTime.UtcNow + TestTimeouts.Server));
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound), "a closed session takes no more audio");
    }

    [Test]
    public async Task OpenSession_ResultsStreamDropsAndResumes_NothingIsLost()
    {
        var reference = await StreamRun.OpusAsync(Server.Client, Packets, Config(), Pacing.AsFastAsPossible, packetsPerMessage: 10).WaitAsync(TestTimeouts.Server);
        var first = await BrowserSessionRun.OpenAsync(_web, Config());
        var pushes = first.Pushes(Packets, 10);
        foreach (var push in pushes.Take(pushes.Count / 2))
        {
            await _web.PushAudioAsync(push, deadline: DateTime.UtcNow + TestTimeouts.Server);
        }

        first.DropResults();
        await Server.WaitUntilDetachedAsync(first.Id);
        foreach (var push in pushes.Skip(pushes.Count / 2))
        {
            await _web.PushAudioAsync(push, deadline: DateTime.UtcNow + TestTimeouts.Server); // pushes still land while detached
        }

        using var timeout = new CancellationTokenSource(TestTimeouts.Server);
        using var resumed = _web.OpenSession(new OpenSessionRequest { ResumeSessionId = first.Id }, cancellationToken: timeout.Token);
        var responses = new List<StreamingTranscribeResponse>();
        await foreach (var response in resumed.ResponseStream.ReadAllAsync(timeout.Token))
        {
            responses.Add(response);
        }

        Assert.That(responses[0].SessionOpened.Resumed, Is.True);
        var finals = first.Finals.Concat(responses.Where(r => r.Segment is { IsFinal: true }).Select(r => r.Segment)).DistinctBy(f => f.Id);
        Assert.That(Describe(finals), Is.EqualTo(Describe(reference.Finals)), "finals from before and after the drop together are complete");
        await first.DisposeAsync();
    }

    [Test]
    public async Task OpenSession_ResultsStreamGonePastGrace_SessionCloses()
    {
        var session = await BrowserSessionRun.OpenAsync(_web, Config());
        session.DropResults();
        await Server.WaitUntilDetachedAsync(session.Id);
        var landed = await _web.PushAudioAsync(BrowserSessionRun.Push(session.Id, 0, Packets.Take(5)), deadline: DateTime.UtcNow + TestTimeouts.Server);
        Assert.That(landed.NextSequence, Is.EqualTo(1UL), "pushes land while the session waits for a resume");

        // Past the 2 s grace the session is gone (when exactly is the registry's unit tests' business, on a fake clock).
        ulong sequence = 1;
        var status = await Eventually.ReadAsync(
            async cancellationToken =>
            {
                try
                {
                    await _web.PushAudioAsync(BrowserSessionRun.Push(session.Id, sequence++, Packets.Take(5)), cancellationToken: cancellationToken);
                    return (StatusCode?)null;
                }
                catch (RpcException ex)
                {
                    return ex.StatusCode;
                }
            },
            status => status is not null,
            TestTimeouts.Server,
            _ => "pushes still land",
            poll: TimeSpan.FromMilliseconds(250));

        Assert.That(status, Is.EqualTo(StatusCode.NotFound));
        await session.DisposeAsync();
    }

    [Test]
    public async Task PushAudio_GarbageOpus_FailsThePushAndTheResultsStream()
    {
        await using var session = await BrowserSessionRun.OpenAsync(_web, Config());
        var garbage = Enumerable.Range(0, 20).Select(_ => new byte[] { 0xFF, 0xFF, 0x01 });

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _web.PushAudioAsync(BrowserSessionRun.Push(session.Id, 0, garbage), deadline: DateTime.UtcNow + TestTimeouts.Server));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        var streamError = await Assert.ThrowsAsync<RpcException>(async () => await session.Receiving.WaitAsync(TestTimeouts.Server));
        Assert.That(streamError!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
    }
}
