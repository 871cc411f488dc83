using System.Text.Json;
using Stt.Core.Detection;
using Stt.Core.Streaming;
using Stt.Server.OpenAi;
using Stt.Testing;
using Frame = Stt.Server.Tests.OpenAi.ScriptedWebSocket.Frame;

namespace Stt.Server.Tests.OpenAi;

/// <summary>
/// A session's turns, through its reader: what a client can make them hold. Turns replaced by a new configuration end
/// and give back what they held; commits waiting to be transcribed and audio waiting to be committed are bounded.
/// </summary>
[Integration]
public sealed class SessionTurnsTests
{
    private const int Rate = 16000;
    private static readonly StreamLifetimeOptions Lifetimes = new() { IdleTimeout = TimeSpan.FromMinutes(1), MaxDuration = TimeSpan.FromHours(1) };

    private static Frame Commit(string id) => Event(new { type = "input_audio_buffer.commit", event_id = id });

    private static Frame Clear => Event(new { type = "input_audio_buffer.clear" });

    /// <summary>Server VAD on, ending turns after <paramref name="silenceMs"/> of silence.</summary>
    private static Frame ServerVad(int silenceMs) => Event(new
    {
        type = "session.update",
        session = new { type = "transcription", audio = new { input = new { turn_detection = new { type = "server_vad", silence_duration_ms = silenceMs } } } },
    });

    /// <summary>No turn detection (the client commits), PCM at <see cref="Rate"/>.</summary>
    private static Frame NoTurnDetection => Event(new
    {
        type = "session.update",
        session = new { type = "transcription", audio = new { input = new { format = new { type = "audio/pcm", rate = Rate }, turn_detection = (object?)null } } },
    });

    [Test]
    public async Task ConfigureAsync_TurnDetectionChangedBeforeEachOfManyCommits_HoldsAtMostTwoSileroContexts()
    {
        const int Pairs = 20;
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket { Live = true }, Lifetimes);
        harness.Start();
        var most = 0;

        for (var i = 0; i < Pairs; i++)
        {
            await harness.SendAsync(ServerVad(500 + i));
            await harness.SendAsync(Commit($"commit_{i}")); // starts the new configuration's turns
            most = Math.Max(most, harness.Detectors.SileroContextsRented);
        }

        await harness.SendAsync(Frame.Close);
        await harness.EndAsync();

        Assert.That(most, Is.LessThanOrEqualTo(2), "the current turns' context and, while they finish, their predecessors'");
        Assert.That(harness.Detectors.SileroContextsRented, Is.LessThanOrEqualTo(2));
        var events = await harness.ServerEventsAsync();
        Assert.That(events.Count(e => e == "session.updated"), Is.EqualTo(Pairs));
        Assert.That(events.Where(e => e.StartsWith("error:", StringComparison.Ordinal)), Is.EqualTo(Enumerable.Range(0, Pairs).Select(i => $"error:commit_{i}")),
            "no speech, so no turn to commit: each commit is refused, and the session goes on");
    }

    [Test]
    public async Task ConfigureAsync_TurnDetectionOnWhileACommitIsTranscribed_TheCommitStillCompletes()
    {
        var scheduler = new HeldScheduler();
        await using var harness = Held(scheduler);
        harness.Start();
        await harness.SendAsync(NoTurnDetection);
        await harness.SendAsync(Append(TestSpeech.Tones(2).Samples));
        await harness.SendAsync(Commit("commit_1"));
        await Eventually.TrueAsync(() => scheduler.Scheduled > 0, TestTimeouts.Unit, () => "the commit's pass has not been asked for");

        await harness.SendAsync(ServerVad(600)); // the committed turns are replaced while their pass runs
        scheduler.Release("hello");
        await Eventually.TrueAsync(() => harness.Outbox.Queued >= 5, TestTimeouts.Unit, () => $"{harness.Outbox.Queued} events queued");
        await harness.SendAsync(Frame.Close);
        await harness.EndAsync();

        var events = await harness.ServerEventJsonAsync();
        Assert.That(events.Select(Describe).Where(e => e != "conversation.item.input_audio_transcription.delta"), Is.EqualTo(new[]
        {
            "session.updated", "input_audio_buffer.committed", "session.updated", "conversation.item.input_audio_transcription.completed",
        }));
        Assert.That(events.Last().GetProperty("transcript").GetString(), Does.StartWith("hello"));
    }

    [Test]
    public async Task ConfigureAsync_ChangedAgainWhileTheReplacedTurnsFinish_WaitsForThem()
    {
        var scheduler = new HeldScheduler();
        await using var harness = Held(scheduler);
        harness.Start();
        await harness.SendAsync(NoTurnDetection);
        await harness.SendAsync(Append(TestSpeech.Tones(2).Samples));
        await harness.SendAsync(Commit("commit_1"));
        await harness.SendAsync(ServerVad(600)); // the committed turns finish in the background
        await Eventually.TrueAsync(() => scheduler.Scheduled > 0, TestTimeouts.Unit, () => "the commit's pass has not been asked for");

        // The test is the session's reader here: the loop waits for the client.
        var configuring = harness.Turns.ConfigureAsync(harness.Turns.Config with { Turns = null }, CancellationToken.None);
        var waited = !configuring.IsCompleted;
        scheduler.Release("hello");
        await configuring.WaitAsync(TestTimeouts.Unit);

        Assert.That(waited, Is.True, "replacing the live turns waits for the committed ones: a session holds at most two");
        await harness.SendAsync(Frame.Close);
        await harness.EndAsync();
        Assert.That((await harness.ServerEventsAsync()).Where(e => e != "conversation.item.input_audio_transcription.delta"), Is.EqualTo(new[]
        {
            "session.updated", "input_audio_buffer.committed", "session.updated", "conversation.item.input_audio_transcription.completed",
        }));
    }

    [Test]
    public async Task CommitAsync_MoreCommitsPendingThanTheBound_ErrorEventAndTheSessionGoesOn()
    {
        // Transcription never finishes, so every commit stays pending; the energy detector hears the tones as speech.
        var scheduler = new HeldScheduler();
        await using var harness = Held(scheduler, new OpenAiOptions { MaxPendingCommits = 2 });
        harness.Start();
        await harness.SendAsync(NoTurnDetection);

        for (var i = 1; i <= 3; i++)
        {
            await harness.SendAsync(Append(TestSpeech.Tones(2).Samples));
            await harness.SendAsync(Commit($"commit_{i}"));
        }

        await harness.SendAsync(Clear);
        await harness.SendAsync(Append(TestSpeech.Tones(2).Samples));
        await harness.SendAsync(Frame.Close);
        await harness.EndAsync();

        var events = await harness.ServerEventJsonAsync();
        Assert.That(events.Select(Describe), Is.EqualTo(new[]
        {
            "session.updated", "input_audio_buffer.committed", "input_audio_buffer.committed", "error:too_many_pending_commits", "input_audio_buffer.cleared",
        }));
        var refused = events.Single(e => Type(e) == "error").GetProperty("error");
        Assert.That(refused.GetProperty("event_id").GetString(), Is.EqualTo("commit_3"));
        Assert.That(refused.GetProperty("message").GetString(), Does.Contain("Stt:OpenAi:MaxPendingCommits"));
        Assert.That(scheduler.Scheduled, Is.GreaterThan(0), "the first commit is being transcribed");
    }

    [Test]
    public async Task AppendAsync_MoreAudioThanTheBufferHolds_ErrorEventAndTheSessionGoesOn()
    {
        await using var harness = new ClientEventLoopHarness(
            new ScriptedWebSocket { Live = true }, Lifetimes, maxMessageBytes: 256 * 1024, openAi: new OpenAiOptions { MaxBufferedAudio = TimeSpan.FromSeconds(1) });
        harness.Start();
        await harness.SendAsync(NoTurnDetection);
        var sixTenths = new float[Rate * 6 / 10];

        await harness.SendAsync(Append(sixTenths, "append_1"));
        await harness.SendAsync(Append(sixTenths, "append_2"));
        await harness.SendAsync(Clear);
        await harness.SendAsync(Append(sixTenths, "append_3"));
        await harness.SendAsync(Frame.Close);
        await harness.EndAsync();

        var events = await harness.ServerEventJsonAsync();
        Assert.That(events.Select(Describe), Is.EqualTo(new[] { "session.updated", "error:input_audio_buffer_full", "input_audio_buffer.cleared" }));
        Assert.That(events[1].GetProperty("error").GetProperty("event_id").GetString(), Is.EqualTo("append_2"));
    }

    /// <summary>A session whose passes <paramref name="scheduler"/> holds, with the energy detector, which hears the tones as speech.</summary>
    private static ClientEventLoopHarness Held(HeldScheduler scheduler, OpenAiOptions? openAi = null) => new(
        new ScriptedWebSocket { Live = true }, Lifetimes, maxMessageBytes: 256 * 1024, openAi: openAi,
        streamingOptions: new StreamingOptions { Vad = VoiceActivityDetection.Energy }, scheduler: scheduler);

    private static Frame Event(object e) => Frame.Text(JsonSerializer.Serialize(e));

    /// <summary><c>input_audio_buffer.append</c> of <paramref name="samples"/> as 16-bit PCM.</summary>
    private static Frame Append(float[] samples, string? id = null)
    {
        var pcm = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BitConverter.TryWriteBytes(pcm.AsSpan(i * 2), (short)Math.Clamp(samples[i] * 32767f, short.MinValue, short.MaxValue));
        }

        return Event(new { type = "input_audio_buffer.append", event_id = id, audio = Convert.ToBase64String(pcm) });
    }

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    /// <summary>An event's type; an error as <c>error:</c> and its code.</summary>
    private static string Describe(JsonElement e) => Type(e) == "error" ? $"error:{e.GetProperty("error").GetProperty("code").GetString()}" : Type(e);
}
