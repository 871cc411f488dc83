using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Stt.Core.Security;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Security;

/// <summary>
/// What the log says about browser sessions, with everything logged down to Debug: above Debug no line names a
/// session by its id (not even the NOT_FOUND details the gRPC framework logs), a key, its full digest, or a
/// client request id; a session is named by a short hash of its id, a caller by its key id.
/// </summary>
[Integration]
public sealed class SessionLogTests : ServerTests
{
    private static readonly string OwnerKey = ApiKeys.NewKey();
    private static readonly string OtherKey = ApiKeys.NewKey();
    private static readonly List<byte[]> Packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 2)]);
    private readonly LogRecorder _logs = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Auth:ApiKeys:0"] = ApiKeys.Digest(OwnerKey),
        ["Stt:Auth:ApiKeys:1"] = ApiKeys.Digest(OtherKey),
        ["Stt:Streams:IdleTimeout"] = "00:00:01",
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:Console:LogLevel:Default"] = "Warning",
    };

    protected override ILoggerProvider Logs => _logs;

    private static string Digest(string key) => ApiKeys.Digest(key)[ApiKeys.DigestPrefix.Length..];

    private static string ShortHash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..8];

    private static DateTime Deadline() => DateTime.UtcNow + TestTimeouts.Server;

    [Test]
    public async Task BrowserSessions_OpenedRefusedResumedAndTimedOut_NoLineAboveDebugNamesASessionKeyOrRequest()
    {
        var owner = WithKey(OwnerKey);
        var other = WithKey(OtherKey);
        var config = StreamRun.OpusConfig(interims: false);
        var ended = await BrowserSessionRun.OpenAsync(owner, config);
        var pushes = ended.Pushes(Packets, 10);
        await owner.PushAudioAsync(pushes[0], deadline: Deadline());
        ended.DropResults();
        await Server.WaitUntilDetachedAsync(ended.Id);
        await RefusedAsync(() => other.PushAudioAsync(pushes[1], deadline: Deadline()).ResponseAsync);
        await RefusedAsync(() => ResumeAsync(other, ended.Id, () => Task.CompletedTask));
        var resumed = ResumeAsync(owner, ended.Id, async () =>
        {
            await RefusedAsync(() => ResumeAsync(owner, ended.Id, () => Task.CompletedTask)); // already attached
            foreach (var push in pushes.Skip(1))
            {
                await owner.PushAudioAsync(push, deadline: Deadline());
            }
        });
        await resumed.WaitAsync(TestTimeouts.Server);
        await RefusedAsync(() => owner.PushAudioAsync(BrowserSessionRun.Push(ended.Id, 99, Packets.Take(5)), deadline: Deadline()).ResponseAsync);
        await using var idle = await BrowserSessionRun.OpenAsync(owner, StreamRun.OpusConfig(interims: false));

        await idle.Receiving.WaitAsync(TestTimeouts.Server); // the idle timeout ends it

        var secrets = new[] { ended.Id, idle.Id, OwnerKey, OtherKey, Digest(OwnerKey), Digest(OtherKey), config.ClientRequestId };
        var lines = _logs.Lines;
        var aboveDebug = lines.Where(l => l.Level > LogLevel.Debug).ToList();
        Assert.That(aboveDebug.Where(l => secrets.Any(l.Contains)).Select(l => $"{l.Category}: {l.Message}"), Is.Empty);
        Assert.That(lines.Where(l => l.Category.StartsWith("Stt.", StringComparison.Ordinal) && secrets.Any(l.Contains)).Select(l => l.Message), Is.Empty,
            "our own lines name no session by its id at any level");
        Assert.That(aboveDebug.Any(l => l.Message.Contains($"Session {ShortHash(idle.Id)}: no audio", StringComparison.Ordinal)), Is.True, "the idle session, by its short hash");
        Assert.That(aboveDebug.Count(l => l.Message.Contains($"caller {Digest(OtherKey)[..12]}: NotFound", StringComparison.Ordinal)), Is.EqualTo(2),
            "the other caller's refused push and resume, by its key id");
    }

    private static async Task RefusedAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call().WaitAsync(TestTimeouts.Server));
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
    }

    /// <summary>Resumes the session, runs <paramref name="whileAttached"/> once it is, and reads its results to the end.</summary>
    private static async Task ResumeAsync(SpeechToText.SpeechToTextClient client, string id, Func<Task> whileAttached)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Server);
        using var call = client.OpenSession(new OpenSessionRequest { ResumeSessionId = id }, cancellationToken: timeout.Token);
        Assert.That(await call.ResponseStream.MoveNext(timeout.Token), Is.True);
        await whileAttached();
        while (await call.ResponseStream.MoveNext(timeout.Token))
        {
        }
    }

    private SpeechToText.SpeechToTextClient WithKey(string key) => new(Server.WebChannel().Intercept(metadata =>
    {
        metadata.Add("authorization", $"Bearer {key}");
        return metadata;
    }));
}
