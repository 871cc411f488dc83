using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core.Interceptors;
using Stt.Client;
using Stt.Core.Admission;
using Stt.Core.Security;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.OpenAi;

/// <summary>
/// Realtime transcription sessions through the openai SDK's Node WebSocket client (openai/realtime/ws, which always
/// connects with wss:), against a server with an HTTPS endpoint whose self-signed certificate the client trusts, and
/// API keys.
/// </summary>
[Integration]
public sealed class OpenAiRealtimeTests : ServerTests
{
    private const int Rate = 24000;
    private const int SilenceMs = 1500;
    private const long MsTolerance = 20;
    private static readonly string Key = ApiKeys.NewKey();

    /// <summary>jfk at 24 kHz, 16-bit, as the SDK's users send it, then 2 s of silence that ends the last turn.</summary>
    private static readonly Lazy<byte[]> JfkPcm = new(() =>
    {
        var samples = Upsampler.From16k(TestSpeech.Jfk.Samples, Rate);
        var pcm = new byte[(samples.Length + (2 * Rate)) * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BitConverter.TryWriteBytes(pcm.AsSpan(i * 2), (short)Math.Clamp(samples[i] * 32767f, short.MinValue, short.MaxValue));
        }

        return pcm;
    });

    /// <summary><see cref="SilenceMs"/> of silence, then <see cref="JfkPcm"/>: a speech onset well after the first append.</summary>
    private static readonly Lazy<byte[]> SilenceThenJfk = new(() => [.. new byte[SilenceMs * Rate / 1000 * 2], .. JfkPcm.Value]);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(TestCertificate.Loopback.KestrelSettings())
    {
        ["Stt:Auth:ApiKeys:0"] = ApiKeys.Digest(Key),
    };

    [Test]
    public async Task Realtime_JfkAtRealTime_SpeechEventsAroundDeltasAndCompletedTextsAreOurFinals()
    {
        var pcm = await WritePcmAsync(JfkPcm.Value);

        var reply = await RealtimeAsync(Key, "--pcm", pcm);
        var finals = await GrpcFinalsByUtteranceAsync(JfkPcm.Value);

        var events = reply.GetProperty("events").EnumerateArray().ToList();
        Assert.That(reply.GetProperty("errors").GetArrayLength(), Is.Zero, reply.GetProperty("errors").ToString());
        Assert.That(Types(events)[..2], Is.EqualTo(new[] { "session.created", "session.updated" }));
        var items = events.Where(e => Type(e) == "input_audio_buffer.speech_started").Select(e => e.GetProperty("item_id").GetString()!).ToList();
        Assert.That(items, Is.Not.Empty, "real speech opens turns");
        foreach (var item in items)
        {
            // Per turn: speech started, its deltas while it is spoken, speech stopped, committed, completed.
            var turn = events.Where(e => e.TryGetProperty("item_id", out var id) && id.GetString() == item).Select(Type).ToList();
            var deltas = turn.Count(t => t == "conversation.item.input_audio_transcription.delta");
            Assert.That(turn, Is.EqualTo(new[] { "input_audio_buffer.speech_started" }
                .Concat(Enumerable.Repeat("conversation.item.input_audio_transcription.delta", deltas))
                .Concat(["input_audio_buffer.speech_stopped", "input_audio_buffer.committed", "conversation.item.input_audio_transcription.completed"])),
                $"the events of {item}");
            var started = events.Single(e => Type(e) == "input_audio_buffer.speech_started" && Item(e) == item).GetProperty("audio_start_ms").GetInt64();
            var stopped = events.Single(e => Type(e) == "input_audio_buffer.speech_stopped" && Item(e) == item).GetProperty("audio_end_ms").GetInt64();
            Assert.That(stopped, Is.GreaterThan(started).And.LessThanOrEqualTo(JfkPcm.Value.Length * 1000L / 2 / Rate));
        }

        Assert.That(events.Count(e => Type(e) == "conversation.item.input_audio_transcription.delta"), Is.GreaterThan(0), "interims became deltas");
        var committed = events.Where(e => Type(e) == "input_audio_buffer.committed").ToList();
        Assert.That(committed.Select(e => e.GetProperty("previous_item_id").ValueKind == JsonValueKind.Null ? null : e.GetProperty("previous_item_id").GetString()),
            Is.EqualTo(new string?[] { null }.Concat(items.SkipLast(1))), "each item follows the one before");
        var completed = events.Where(e => Type(e) == "conversation.item.input_audio_transcription.completed").Select(e => e.GetProperty("transcript").GetString()).ToList();
        Assert.That(completed, Is.EqualTo(finals), "each turn's transcript is exactly the finals StreamingTranscribe gives for that utterance");
        Assert.That(reply.GetProperty("closeCode").GetInt32(), Is.EqualTo(1000));
    }

    [Test]
    public async Task Realtime_SilenceThenSpeech_SpeechTimesAreWhereStreamingTranscribeHasThem()
    {
        var audio = SilenceThenJfk.Value;
        var pcm = await WritePcmAsync(audio);

        var reply = await RealtimeAsync(Key, "--pcm", pcm, "--fast");
        var expected = SpeechEventTimes(await GrpcRunAsync(audio));

        var events = reply.GetProperty("events").EnumerateArray().ToList();
        var started = events.Where(e => Type(e) == "input_audio_buffer.speech_started").Select(e => e.GetProperty("audio_start_ms").GetInt64()).ToList();
        var stopped = events.Where(e => Type(e) == "input_audio_buffer.speech_stopped").Select(e => e.GetProperty("audio_end_ms").GetInt64()).ToList();
        Assert.That(expected.Started, Is.Not.Empty);
        Assert.That(expected.Started[0], Is.GreaterThan(SilenceMs / 2), "the speech onset is well after the first 100 ms append");

        // One append is 100 ms: a session that counted the first append before its first sample would be 100 ms late.
        Assert.That(started, Is.EqualTo(expected.Started).Within(MsTolerance), "audio_start_ms");
        Assert.That(stopped, Is.EqualTo(expected.Stopped).Within(MsTolerance), "audio_end_ms");
    }

    [Test]
    public async Task Realtime_TurnDetectionOnAfterBufferedSilence_SpeechTimesCountTheBufferedAudio()
    {
        var silence = new byte[SilenceMs * Rate / 1000 * 2];
        var pcm = await WritePcmAsync(JfkPcm.Value);
        var send = JsonSerializer.Serialize(new object[]
        {
            new { type = "input_audio_buffer.append", audio = Convert.ToBase64String(silence) },
            new { type = "session.update", session = new { type = "transcription", audio = new { input = new { turn_detection = new { type = "server_vad" } } } } },
        });

        var reply = await RealtimeAsync(Key, "--pcm", pcm, "--manual", "--fast", "--send", send);
        var expected = SpeechEventTimes(await GrpcRunAsync(SilenceThenJfk.Value));

        var events = reply.GetProperty("events").EnumerateArray().ToList();
        var started = events.Where(e => Type(e) == "input_audio_buffer.speech_started").Select(e => e.GetProperty("audio_start_ms").GetInt64()).ToList();
        Assert.That(expected.Started, Is.Not.Empty);
        Assert.That(started, Is.EqualTo(expected.Started).Within(MsTolerance), "the buffered silence is the turns' first audio");
    }

    [Test]
    public async Task Realtime_NoTurnDetection_EachCommitCompletesInOrder()
    {
        var pcm = await WritePcmAsync(JfkPcm.Value);

        var reply = await RealtimeAsync(Key, "--pcm", pcm, "--manual", "--fast", "--commit-every-ms", "5000");

        var events = reply.GetProperty("events").EnumerateArray().ToList();
        var committed = events.Where(e => Type(e) == "input_audio_buffer.committed").Select(Item).ToList();
        var completed = events.Where(e => Type(e) == "conversation.item.input_audio_transcription.completed").Select(Item).ToList();
        Assert.That(committed, Has.Count.EqualTo(3), "two commits while streaming (at 5 s and 10 s) and one at the end");
        Assert.That(completed, Is.EqualTo(committed), "every commit completes, in order");
        Assert.That(events.Any(e => Type(e) is "input_audio_buffer.speech_started" or "input_audio_buffer.speech_stopped"), Is.False, "no server VAD");
        foreach (var item in committed)
        {
            var deltas = events.Where(e => Type(e) == "conversation.item.input_audio_transcription.delta" && Item(e) == item).Select(e => e.GetProperty("delta").GetString());
            var transcript = events.Single(e => Type(e) == "conversation.item.input_audio_transcription.completed" && Item(e) == item).GetProperty("transcript").GetString();
            Assert.That(string.Concat(deltas), Is.EqualTo(transcript), "the deltas of a committed turn add up to its transcript");
        }
    }

    [Test]
    public async Task Realtime_EventsNotOfATranscriptionSession_ErrorEventsAndTheSessionGoesOn()
    {
        var pcm = await WritePcmAsync(new byte[Rate * 2]);
        var send = JsonSerializer.Serialize(new object[]
        {
            new { type = "response.create", event_id = "client-1" },
            new { type = "session.update", session = new { type = "transcription", audio = new { input = new { format = new { type = "audio/pcmu" } } } } },
            new { type = "input_audio_buffer.commit" },
        });

        var reply = await RealtimeAsync(Key, "--pcm", pcm, "--fast", "--send", send);

        var errors = reply.GetProperty("events").EnumerateArray().Where(e => Type(e) == "error").Select(e => e.GetProperty("error")).ToList();
        Assert.That(errors.Select(e => e.GetProperty("code").GetString()), Is.EqualTo(new[] { "unsupported_event", "invalid_value", "input_audio_buffer_commit_empty" }));
        Assert.That(errors[0].GetProperty("event_id").GetString(), Is.EqualTo("client-1"), "the error names the client event");
        Assert.That(errors[1].GetProperty("param").GetString(), Is.EqualTo("session.audio.input.format.type"));
        Assert.That(reply.GetProperty("closeCode").GetInt32(), Is.EqualTo(1000), "errors in events do not end the session");
    }

    [Test]
    public async Task Realtime_ServerDrains_TurnsSoFarCompletedThenErrorAndClose1012()
    {
        await using var server = await SpeechServer.StartAsync(TestCertificate.Loopback.KestrelSettings());
        var pcm = await WritePcmAsync(JfkPcm.Value);
        var running = RealtimeAsync(server, "unused", "--pcm", pcm);
        var finals = server.Service<LiveStreamMeter>().Latency;
        await Eventually.TrueAsync(() => finals.Count >= 2, TestTimeouts.Long, () => $"{finals.Count} turns transcribed"); // two turns done, the third under way

        await server.Service<Stt.Server.Hosting.ServerDrain>().StoppingAsync(CancellationToken.None).WaitAsync(TestTimeouts.Long); // what SIGTERM starts
        var reply = await running.WaitAsync(TestTimeouts.Long);

        AssertEveryCommittedTurnCompleted(reply, "the turn under way is ended and transcribed too");
        AssertEndedBy(reply, "server_shutting_down", 1012, "service restart: reconnect elsewhere");
    }

    [Test]
    public async Task Realtime_SessionNamingAnAllowedModel_LoadsItAndEveryTurnCompletes_AnUnknownNameIsAnErrorEvent()
    {
        const string model = "synthetic-tiny-q5_1";
        await using var server = await StartServerAsync("Stt:Models:Allowed:0", model);
        var pcm = await WritePcmAsync(JfkPcm.Value);

        var reply = await RealtimeAsync(server, "unused", "--pcm", pcm, "--fast", "--model", model);
        var unknown = await RealtimeAsync(server, "unused", "--pcm", pcm, "--fast", "--model", "large-v3", "--hold-ms", "100");

        var info = await server.Client.GetServerInfoAsync(new V1.GetServerInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        AssertEveryCommittedTurnCompleted(reply, "the turns ran on the model the session named");
        Assert.That(info.Models.Single(m => m.Name == model).Loaded, Is.True, "loaded because the session named it");
        var errors = unknown.GetProperty("events").EnumerateArray().Where(e => Type(e) == "error").Select(e => e.GetProperty("error").GetProperty("code").GetString());
        Assert.That(errors, Does.Contain("model_not_found"));
    }

    [Test]
    public async Task Realtime_NoClientEventForTheIdleTimeout_ErrorIdleAndClose1000()
    {
        await using var server = await StartServerAsync("Stt:Streams:IdleTimeout", "00:00:01");
        var pcm = await WritePcmAsync(new byte[Rate / 2]); // 250 ms of silence, then nothing

        var reply = await RealtimeAsync(server, "unused", "--pcm", pcm, "--fast", "--hold-ms", "20000");

        AssertEndedBy(reply, "session_idle_timeout", 1000, "a normal close");
        var last = reply.GetProperty("events").EnumerateArray().Last();
        Assert.That(last.GetProperty("at").GetInt32(), Is.LessThan(15000), "ended by the server, not by the client's hold");
    }

    [Test]
    public async Task Realtime_LongerThanMaxDuration_TurnsSoFarCompletedThenErrorExpiredAndClose1008()
    {
        await using var server = await StartServerAsync("Stt:Streams:MaxDuration", "00:00:05");
        var pcm = await WritePcmAsync(JfkPcm.Value); // 13 s at real time: two turns before the limit, the third under way

        var reply = await RealtimeAsync(server, "unused", "--pcm", pcm);

        AssertEveryCommittedTurnCompleted(reply, "what the session received is transcribed");
        AssertEndedBy(reply, "session_expired", 1008, "policy violation: the limit, not a fault");
    }

    [Test]
    public async Task Realtime_ClientNeverReadsWhileFloodingInvalidEvents_ErrorsCutThenClose1008()
    {
        // A plain WebSocket client (no key: a server of its own) that sends invalid events and reads nothing until the
        // server has given up on it: its errors fill the socket's buffers, then half the server's outbox, which then
        // reads no more; at the idle timeout the client has still read nothing.
        var logs = new LogRecorder();
        await using var server = await SpeechServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Stt:OpenAi:MaxQueuedServerEvents"] = "16",
                ["Stt:Streams:IdleTimeout"] = "00:00:02",
                ["Logging:LogLevel:Stt.Server.OpenAi"] = "Information",
            },
            logs);
        using var client = new ClientWebSocket();
        var address = new UriBuilder(server.WebAddress) { Scheme = "ws", Path = "/v1/realtime", Query = "intent=transcription" }.Uri;
        await client.ConnectAsync(address, CancellationToken.None).WaitAsync(TestTimeouts.Server);
        var invalid = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = new string('t', 200), event_id = new string('i', 200) }));
        using var stopFlooding = new CancellationTokenSource();
        var flooding = FloodAsync(client, invalid, stopFlooding.Token);

        await Eventually.TrueAsync(() => logs.Lines.Any(l => l.EventId == 721), TestTimeouts.Server, () => "the session is still open");
        var received = await ReadUntilClosedAsync(client).WaitAsync(TestTimeouts.Server);
        await stopFlooding.CancelAsync();
        var sent = await flooding.WaitAsync(TestTimeouts.Server);

        TestContext.Out.WriteLine($"{sent} invalid events sent, {received.Count} server events read before the close");
        Assert.That(client.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        Assert.That(client.CloseStatusDescription, Is.EqualTo("the client does not read its events"));
        Assert.That(Types(received)[0], Is.EqualTo("session.created"));
        var errors = received.Skip(1).Select(e => e.GetProperty("error")).ToList();
        Assert.That(errors, Is.Not.Empty);
        Assert.That(errors.Select(e => e.GetProperty("event_id").GetString()), Is.All.EqualTo(new string('i', 64)), "the client's event id, cut");
        Assert.That(errors.Select(e => e.GetProperty("message").GetString()), Is.All.EqualTo($"unknown event type '{new string('t', 64)}…'"));
        Assert.That(received, Has.Count.LessThan(sent), "the server stopped answering");
    }

    [Test]
    public async Task Realtime_WrongKey_Refused401BeforeTheUpgrade()
    {
        var pcm = await WritePcmAsync(new byte[Rate * 2]);

        var reply = await RealtimeAsync(ApiKeys.NewKey(), "--pcm", pcm, "--fast");

        var refused = reply.GetProperty("refused");
        Assert.That(refused.GetProperty("status").GetInt32(), Is.EqualTo(401));
        Assert.That(refused.GetProperty("body").GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("invalid_api_key"));
    }

    /// <summary>Sends <paramref name="message"/> until stopped or the socket fails; how many were sent.</summary>
    private static Task<int> FloodAsync(ClientWebSocket client, byte[] message, CancellationToken stop) => Task.Run(async () =>
    {
        var sent = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await client.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, stop);
                sent++;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // stopped, or the server dropped the connection
        }

        return sent;
    });

    /// <summary>Every server event until the close frame.</summary>
    private static async Task<List<JsonElement>> ReadUntilClosedAsync(ClientWebSocket client)
    {
        var events = new List<JsonElement>();
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await client.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return events;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                events.Add(JsonDocument.Parse(message.ToArray()).RootElement);
                message.SetLength(0);
            }
        }
    }

    /// <summary>A server of its own (TLS) with one setting changed.</summary>
    private static Task<SpeechServer> StartServerAsync(string key, string value)
    {
        var settings = TestCertificate.Loopback.KestrelSettings();
        settings[key] = value;
        return SpeechServer.StartAsync(settings);
    }

    /// <summary>At least one turn was committed, and every committed turn completed.</summary>
    private static void AssertEveryCommittedTurnCompleted(JsonElement reply, string why)
    {
        var events = reply.GetProperty("events").EnumerateArray().ToList();
        var committed = events.Where(e => Type(e) == "input_audio_buffer.committed").Select(Item).ToList();
        var completed = events.Where(e => Type(e) == "conversation.item.input_audio_transcription.completed").Select(Item).ToList();
        Assert.That(committed, Is.Not.Empty);
        Assert.That(completed, Is.EqualTo(committed), why);
    }

    /// <summary>The server ended the session: its last event is an error with <paramref name="code"/>, then the close frame.</summary>
    private static void AssertEndedBy(JsonElement reply, string code, int closeCode, string why)
    {
        var last = reply.GetProperty("events").EnumerateArray().Last();
        Assert.That(Type(last), Is.EqualTo("error"));
        Assert.That(last.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo(code));
        Assert.That(reply.GetProperty("closeCode").GetInt32(), Is.EqualTo(closeCode), why);
    }

    /// <summary>The SDK's Realtime client against <paramref name="server"/> (TLS) with <paramref name="key"/>: what it saw.</summary>
    private static async Task<JsonElement> RealtimeAsync(SpeechServer server, string key, params string[] arguments) =>
        await OpenAiSdk.RunAsync("realtime", server.TlsAddress!, key, ["--rate", Rate.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments],
            new Dictionary<string, string> { ["NODE_EXTRA_CA_CERTS"] = TestCertificate.Loopback.PemPath }, TestTimeouts.Long).WaitAsync(TestTimeouts.Long);

    private async Task<JsonElement> RealtimeAsync(string key, params string[] arguments) => await RealtimeAsync(Server, key, arguments);

    /// <summary>The same PCM, in the same 100 ms pieces, through StreamingTranscribe: each utterance's finals joined, in order.</summary>
    private async Task<List<string>> GrpcFinalsByUtteranceAsync(byte[] pcm)
    {
        var run = await GrpcRunAsync(pcm);

        var ended = run.Responses.Select(r => r.Response.SpeechEvent).Where(e => e is { Type: SpeechEvent.Types.Type.EndOfUtterance }).Select(e => e.UtteranceId);
        return ended.Select(utterance => string.Join(' ', run.Finals.Where(f => f.UtteranceId == utterance).Select(f => f.Text))).ToList();
    }

    /// <summary>The same PCM, in the same 100 ms pieces, through StreamingTranscribe, with interims.</summary>
    private async Task<StreamRun> GrpcRunAsync(byte[] pcm)
    {
        var client = new SpeechToText.SpeechToTextClient(Server.Channel().Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {Key}");
            return metadata;
        }));
        var messages = pcm.Chunk(Rate / 10 * 2)
            .Select(chunk => (new StreamingTranscribeRequest { Audio = new AudioChunk { Linear16 = ByteString.CopyFrom(chunk) } }, TimeSpan.FromMilliseconds(100)))
            .ToList();
        var config = new StreamingConfig { Encoding = AudioEncoding.Linear16, SampleRateHertz = Rate, Channels = 1, Language = "en", InterimResults = true };

        return await StreamRun.RunAsync(client, config, messages, Pacing.AsFastAsPossible).WaitAsync(TestTimeouts.Long);
    }

    /// <summary>Where a StreamingTranscribe run's speech started and stopped, ms from the start of its audio.</summary>
    private static (List<long> Started, List<long> Stopped) SpeechEventTimes(StreamRun run)
    {
        var speech = run.Responses.Select(r => r.Response.SpeechEvent).Where(e => e is not null).ToList();
        List<long> Times(SpeechEvent.Types.Type type) => [.. speech.Where(e => e.Type == type).Select(e => (long)e.Offset.ToTimeSpan().TotalMilliseconds)];
        return (Times(SpeechEvent.Types.Type.SpeechStarted), Times(SpeechEvent.Types.Type.EndOfUtterance));
    }

    private static async Task<string> WritePcmAsync(byte[] pcm)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stt-realtime-{Guid.NewGuid():N}.pcm");
        await File.WriteAllBytesAsync(path, pcm);
        return path;
    }

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    private static string? Item(JsonElement e) => e.TryGetProperty("item_id", out var id) ? id.GetString() : null;

    private static string[] Types(List<JsonElement> events) => [.. events.Select(Type)];
}
