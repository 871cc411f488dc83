using System.Buffers.Text;
using System.Security.Cryptography;
using Grpc.Core;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Security;

/// <summary>
/// A browser session belongs to the caller that opened it: another caller naming it, even with the right id, gets
/// exactly what an unknown id gets. Each derived fixture says what a caller is (an API key, or an address).
/// </summary>
[Integration]
public abstract class SessionOwnerTests : ServerTests
{
    private static readonly List<byte[]> Packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 2)]);
    private SpeechToText.SpeechToTextClient _owner = null!;
    private SpeechToText.SpeechToTextClient _other = null!;

    /// <summary>A gRPC-Web client of the caller that opens the sessions.</summary>
    protected abstract SpeechToText.SpeechToTextClient OwnerClient();

    /// <summary>A gRPC-Web client of another caller.</summary>
    protected abstract SpeechToText.SpeechToTextClient OtherClient();

    [SetUp]
    public void CreateClients()
    {
        _owner = OwnerClient();
        _other = OtherClient();
    }

    [Test]
    public async Task PushAudio_AnotherCallersSession_NotFoundAsForAnUnknownId()
    {
        await using var session = await BrowserSessionRun.OpenAsync(_owner, StreamRun.OpusConfig(interims: false));
        var unknown = await RefusalAsync(() => _other.PushAudioAsync(BrowserSessionRun.Push(UnknownId(), 0, Packets.Take(5)), deadline: Deadline()).ResponseAsync);

        var refused = await RefusalAsync(() => _other.PushAudioAsync(BrowserSessionRun.Push(session.Id, 0, Packets.Take(5)), deadline: Deadline()).ResponseAsync);

        Assert.That(refused, Is.EqualTo(unknown), "nothing tells the session exists");
        Assert.That(refused.Status, Is.EqualTo(StatusCode.NotFound));
        var owners = await _owner.PushAudioAsync(BrowserSessionRun.Push(session.Id, 0, Packets.Take(5)), deadline: Deadline());
        Assert.That((owners.NextSequence, owners.Duplicate), Is.EqualTo((1UL, false)), "the other caller's push did not land");
    }

    [Test]
    public async Task PushAudio_EndOfAudioOnAnotherCallersSession_NotFoundAndTheSessionGoesOn()
    {
        await using var session = await BrowserSessionRun.OpenAsync(_owner, StreamRun.OpusConfig(interims: false));
        var unknown = await RefusalAsync(() => _other.PushAudioAsync(EndOfAudio(UnknownId()), deadline: Deadline()).ResponseAsync);

        var refused = await RefusalAsync(() => _other.PushAudioAsync(EndOfAudio(session.Id), deadline: Deadline()).ResponseAsync);

        Assert.That(refused, Is.EqualTo(unknown), "nothing tells the session exists");
        Assert.That(refused.Status, Is.EqualTo(StatusCode.NotFound));
        foreach (var push in session.Pushes(Packets, 10))
        {
            var reply = await _owner.PushAudioAsync(push, deadline: Deadline());
            Assert.That((reply.NextSequence, reply.Duplicate), Is.EqualTo((push.Sequence + 1, false)), "the other caller did not end the session");
        }

        await session.Receiving.WaitAsync(TestTimeouts.Server);
        Assert.That(session.Responses[^1].Summary.PacketsReceived, Is.EqualTo((uint)Packets.Count));
    }

    [Test]
    public async Task OpenSession_ResumeOfAnotherCallersSession_NotFoundAsForAnUnknownId()
    {
        var session = await BrowserSessionRun.OpenAsync(_owner, StreamRun.OpusConfig(interims: false));
        session.DropResults();
        await Server.WaitUntilDetachedAsync(session.Id);
        var unknown = await RefusalAsync(() => FirstResponseAsync(_other, UnknownId()));

        var refused = await RefusalAsync(() => FirstResponseAsync(_other, session.Id));

        Assert.That(refused, Is.EqualTo(unknown), "nothing tells the session exists");
        Assert.That(refused.Status, Is.EqualTo(StatusCode.NotFound));
        var owners = await FirstResponseAsync(_owner, session.Id);
        Assert.That(owners.SessionOpened.Resumed, Is.True, "the refusal left the session to its owner");
        await session.DisposeAsync();
    }

    [Test]
    public async Task OpenSession_OwnerPushesWhileDetachedAndResumes_GetsTheWholeTranscript()
    {
        var session = await BrowserSessionRun.OpenAsync(_owner, StreamRun.OpusConfig(interims: false));
        var pushes = session.Pushes(Packets, 10);
        session.DropResults();
        await Server.WaitUntilDetachedAsync(session.Id);
        foreach (var push in pushes)
        {
            await _owner.PushAudioAsync(push, deadline: Deadline());
        }

        using var timeout = new CancellationTokenSource(TestTimeouts.Server);
        using var resumed = _owner.OpenSession(new OpenSessionRequest { ResumeSessionId = session.Id }, cancellationToken: timeout.Token);
        var responses = await resumed.ResponseStream.ReadAllAsync(timeout.Token).ToListAsync(timeout.Token);

        Assert.That(responses[0].SessionOpened.Resumed, Is.True);
        Assert.That(responses[0].SessionOpened.NextSequence, Is.EqualTo((ulong)pushes.Count));
        Assert.That(responses[^1].Summary.PacketsReceived, Is.EqualTo((uint)Packets.Count));
        await session.DisposeAsync();
    }

    private static DateTime Deadline() => DateTime.UtcNow + TestTimeouts.Server;

    /// <summary>An id of the same form as a real one that names no session.</summary>
    private static string UnknownId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));

    private static PushAudioRequest EndOfAudio(string id) => new() { SessionId = id, Sequence = 0, EndOfAudio = true };

    private static async Task<StreamingTranscribeResponse> FirstResponseAsync(SpeechToText.SpeechToTextClient client, string id)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Server);
        using var call = client.OpenSession(new OpenSessionRequest { ResumeSessionId = id }, cancellationToken: timeout.Token);
        Assert.That(await call.ResponseStream.MoveNext(timeout.Token), Is.True, "a resumed session answers session_opened first");
        return call.ResponseStream.Current;
    }

    private static async Task<(StatusCode Status, string Detail)> RefusalAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call().WaitAsync(TestTimeouts.Server));
        return (error!.StatusCode, error.Status.Detail);
    }
}
