using Grpc.Core;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Deploy;

/// <summary>
/// Three replicas (real server processes) and the C# client: streams spread over them, a full replica's refusal moves
/// the stream to another, and a live stream whose replica stops (SIGTERM: drained) or dies (SIGKILL) goes on elsewhere
/// with no audio lost and none transcribed twice. Each fixture below reaches the replicas its own way.
/// </summary>
[Deployment]
public abstract class ReplicaFailoverTests
{
    /// <summary>How a drained replica's stream ends as the client sees it: UNAVAILABLE, with the server's own trailers.</summary>
    protected virtual StatusCode[] DrainedStreamEndings => [StatusCode.Unavailable];

    /// <summary>A client of the replicas, the way this fixture reaches them.</summary>
    protected abstract Task<SpeechClient> ConnectAsync(ReplicaSet replicas);

    /// <summary>Ends what <see cref="ConnectAsync"/> started besides the client (a proxy).</summary>
    protected virtual void Disconnect()
    {
    }

    [TearDown]
    public void StopProxy() => Disconnect();

    [Test]
    public async Task StreamAsync_ThreeStreamsAtOnce_OnePerReplica()
    {
        using var replicas = await ReplicaSet.StartAsync(3);
        using var client = await ConnectAsync(replicas);
        var speech = TestSpeech.Jfk.Samples[..(16000 * 4)];

        var runs = Enumerable.Range(0, 3).Select(_ => FailoverRun.Start(client, speech, new SpeechStreamOptions { InterimResults = false })).ToList();
        var spread = await replicas.WaitForActiveStreamsAsync(3, TestTimeouts.Slow);
        await Task.WhenAll(runs.Select(r => r.Completion)).WaitAsync(TestTimeouts.Slow);

        TestContext.Out.WriteLine($"live streams per replica: [{string.Join(", ", spread)}]");
        Assert.That(spread, Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(runs.Select(r => r.Summary), Is.All.Not.Null);
    }

    [Test]
    public async Task StreamAsync_ReplicasAtCapacity_RefusedStreamsRunOnTheReplicaWithRoom()
    {
        // Each replica takes one stream; two of them are full with streams of other clients.
        using var replicas = await ReplicaSet.StartAsync(3, new Dictionary<string, string>
        {
            ["Stt__Admission__MaxStreams"] = "1",
            ["Stt__Streams__IdleTimeout"] = "00:05:00", // the held streams send nothing
        });
        using var others = new HeldStreams();
        await others.OpenAsync(replicas[0].GrpcAddress);
        await others.OpenAsync(replicas[1].GrpcAddress);
        await replicas.WaitForActiveStreamsAsync(2, TestTimeouts.Slow);
        using var client = await ConnectAsync(replicas);
        var speech = TestSpeech.Jfk.Samples[..(16000 * 4)];

        // Two streams one after the other: whichever replica the balancer starts with, one of them tries a full one.
        var runs = new List<FailoverRun>();
        for (var i = 0; i < 2; i++)
        {
            var run = FailoverRun.Start(client, speech, new SpeechStreamOptions { Pacing = Pacing.AsFastAsPossible, InterimResults = false });
            await run.Completion.WaitAsync(TestTimeouts.Slow);
            runs.Add(run);
        }

        // A replica logs a call as it ends, which may be a moment after the client saw the end.
        var served = await replicas.WaitForCallsLoggedAsync("StreamingTranscribe", StatusCode.OK, 2, TestTimeouts.Slow);
        var refused = Enumerable.Range(0, 3).Select(i => replicas.CallsLogged(i, "StreamingTranscribe", StatusCode.ResourceExhausted)).ToArray();
        TestContext.Out.WriteLine($"refused per replica [{string.Join(", ", refused)}], served [{string.Join(", ", served)}]");
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.Summary?.AudioSeconds), Is.All.EqualTo(4).Within(0.05), "both streams were served to the end");
            Assert.That(runs.SelectMany(r => r.Attempts).ToList(), Has.Count.EqualTo(2), "one stream each: the refusals were retried inside the call");
            Assert.That(served, Is.EqualTo(new[] { 0, 0, 2 }));
            Assert.That(refused[0] + refused[1], Is.GreaterThanOrEqualTo(1), "a full replica refused, and the stream went on to the next");
        });
    }

    [Test]
    public async Task StreamAsync_ReplicaGetsSigtermMidStream_ItsFinalsArriveAndTheStreamGoesOnElsewhere()
    {
        var speech = TestSpeech.Jfk;

        var (run, first, holder, exit) = await StreamAndSignalHolderAsync("TERM");

        var account = run.Account(speech.Duration);
        TestContext.Out.WriteLine($"first final at {first.End.ToTimeSpan().TotalSeconds:F2} s; replica {holder} stopped; {account}");
        var drained = run.Attempts[0];
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, "the replica drained and exited cleanly");
            Assert.That(run.Attempts, Has.Count.EqualTo(2));
            Assert.That(DrainedStreamEndings, Does.Contain(drained.Status));
            Assert.That(drained.Summary, Is.Not.Null, "the drained replica sent the finals of all it received, then its summary");
            Assert.That(run.Attempts[1].From.TotalSeconds, Is.EqualTo(drained.Summary!.AudioSeconds).Within(0.021),
                "the next stream starts where the drained replica's audio ended (its own count)");
            Assert.That(account.Lost, Is.EqualTo(TimeSpan.Zero));
            Assert.That(account.Duplicated, Is.EqualTo(TimeSpan.Zero));
            run.AssertOneTranscript(speech.Duration);
        });
    }

    [Test]
    public async Task StreamAsync_ReplicaKilledMidStream_OnlyTheUnfinishedUtteranceIsSentAgain()
    {
        var speech = TestSpeech.Jfk;

        var (run, first, holder, _) = await StreamAndSignalHolderAsync("KILL");

        var account = run.Account(speech.Duration);
        var killed = run.Attempts[0];
        var beforeKill = run.Finals.Where(f => f.End.ToTimeSpan() <= run.Attempts[^1].From + TimeSpan.FromMilliseconds(20)).ToList();
        var lastFinal = beforeKill.Max(f => f.End.ToTimeSpan());
        TestContext.Out.WriteLine($"first final at {first.End.ToTimeSpan().TotalSeconds:F2} s; replica {holder} killed ({killed.Status}: {killed.Detail}); {account}");
        Assert.Multiple(() =>
        {
            Assert.That(run.Attempts, Has.Count.EqualTo(2));
            Assert.That(killed.Finals, Is.EqualTo(beforeKill.Count).And.GreaterThanOrEqualTo(1), "finals of the killed replica");
            Assert.That(killed.Status, Is.AnyOf(StatusCode.Unavailable, StatusCode.Internal, StatusCode.Cancelled));
            Assert.That(killed.Summary, Is.Null, "a killed replica says nothing more");
            Assert.That(run.Attempts[1].From, Is.EqualTo(TimeSpan.FromMilliseconds(Math.Floor(lastFinal.TotalMilliseconds / 20) * 20)),
                "the next stream starts at the end of the last final received: only the unfinished utterance is sent again");
            Assert.That(account.Lost, Is.EqualTo(TimeSpan.Zero));
            Assert.That(account.Duplicated, Is.EqualTo(TimeSpan.Zero));
            run.AssertOneTranscript(speech.Duration);
        });
    }

    /// <summary>
    /// Three replicas, and a live stream of all of <see cref="TestSpeech.Jfk"/> at real time through this fixture's
    /// client; once its first final has arrived, <paramref name="signal"/> (TERM, KILL) goes to the replica serving it.
    /// Returns when the stream has ended, on another replica, and the signalled replica has exited.
    /// </summary>
    private async Task<SignalledStream> StreamAndSignalHolderAsync(string signal)
    {
        using var replicas = await ReplicaSet.StartAsync(3);
        using var client = await ConnectAsync(replicas);
        var run = FailoverRun.Start(client, TestSpeech.Jfk.Samples, new SpeechStreamOptions { InterimResults = false, Language = "en" });
        var first = await run.FirstFinal.WaitAsync(TestTimeouts.Slow);
        var holder = await replicas.SignalStreamHolderAsync(signal, TestTimeouts.Slow);
        await run.Completion.WaitAsync(TestTimeouts.Slow);
        var exit = await replicas[holder].WaitForExitAsync(TestTimeouts.Slow);
        return new SignalledStream(run, first, holder, exit);
    }

    /// <summary>The stream, its first final, the replica that got the signal and its exit code.</summary>
    private sealed record SignalledStream(FailoverRun Run, Segment FirstFinal, int Holder, int HolderExit);
}
