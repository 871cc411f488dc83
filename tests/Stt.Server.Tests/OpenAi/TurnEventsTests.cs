using System.Text.Json;
using Stt.Server.OpenAi;
using Stt.Server.OpenAi.Realtime;

namespace Stt.Server.Tests.OpenAi;

[Unit]
public sealed class TurnEventsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Committed_TwoItems_EachNamesTheItemCommittedBefore()
    {
        var (events, sent) = Events();

        events.Committed("item_a");
        events.Committed("item_b");

        var committed = await sent();
        Assert.That(committed.Select(e => e.GetProperty("type").GetString()), Is.All.EqualTo("input_audio_buffer.committed"));
        Assert.That(committed.Select(e => e.GetProperty("previous_item_id").GetString()), Is.EqualTo(new[] { null, "item_a" }));
        Assert.That(committed.Select(e => e.GetProperty("event_id").GetString()), Is.All.StartsWith("event_"));
    }

    [Test]
    public async Task Completed_Turn_TranscriptAndUsageInSeconds()
    {
        var (events, sent) = Events();

        events.Completed("item_a", "ask not", TimeSpan.FromMilliseconds(1500));

        var completed = (await sent()).Single();
        Assert.That(completed.GetProperty("type").GetString(), Is.EqualTo("conversation.item.input_audio_transcription.completed"));
        Assert.That((completed.GetProperty("item_id").GetString(), completed.GetProperty("content_index").GetInt32(), completed.GetProperty("transcript").GetString()),
            Is.EqualTo(("item_a", 0, "ask not")));
        Assert.That(completed.GetProperty("usage").GetProperty("seconds").GetDouble(), Is.EqualTo(1.5));
    }

    [Test]
    public async Task Failed_Turn_ErrorInOpenAisShape()
    {
        var (events, sent) = Events();

        events.Failed("item_a", OpenAiError.Internal("transcription failed"));

        var error = (await sent()).Single().GetProperty("error");
        Assert.That((error.GetProperty("type").GetString(), error.GetProperty("message").GetString()), Is.EqualTo(("server_error", "transcription failed")));
        Assert.That(error.GetProperty("code").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    /// <summary>Turn events over an outbox, and what the outbox sent once it is complete.</summary>
    private static (TurnEvents Events, Func<Task<List<JsonElement>>> Sent) Events()
    {
        var outbox = new RealtimeOutbox(capacity: 16);
        var socket = new ScriptedWebSocket();
        return (new TurnEvents(outbox, new RealtimeItems()), async () =>
        {
            outbox.Complete();
            await outbox.WriteAsync(socket, CancellationToken.None).WaitAsync(Timeout);
            return socket.Sent.Select(bytes => JsonDocument.Parse(bytes).RootElement.Clone()).ToList();
        });
    }
}
