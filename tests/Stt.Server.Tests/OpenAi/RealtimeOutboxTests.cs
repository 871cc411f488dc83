using System.Text.Json;
using Stt.Server.OpenAi;
using Stt.Server.OpenAi.Realtime;
using Stt.Testing;

namespace Stt.Server.Tests.OpenAi;

/// <summary>The server events of one Realtime connection: bounded, and what of the client's text they repeat.</summary>
[Unit]
public sealed class RealtimeOutboxTests
{
    private static readonly OpenAiError Refused = OpenAiError.BadRequest("unknown event type 'x'", "type", "invalid_event");

    [Test]
    public void Send_WithinItsCapacity_QueuesEveryEvent()
    {
        var outbox = new RealtimeOutbox(capacity: 3);

        for (var i = 0; i < 3; i++)
        {
            outbox.SendError(Refused, $"evt_{i}");
        }

        Assert.That(outbox.Queued, Is.EqualTo(3));
        Assert.That(outbox.Overflowed.IsCompleted, Is.False);
    }

    [Test]
    public void Send_MoreEventsThanItsCapacity_QueuesNoMoreAndOverflows()
    {
        var outbox = new RealtimeOutbox(capacity: 3);

        for (var i = 0; i < 10; i++)
        {
            outbox.SendError(Refused, $"evt_{i}");
        }

        Assert.That(outbox.Queued, Is.EqualTo(3));
        Assert.That(outbox.Overflowed.IsCompleted, Is.True);
    }

    [Test]
    public async Task WriteAsync_Overflowed_SendsNothingMore()
    {
        var outbox = new RealtimeOutbox(capacity: 2);
        for (var i = 0; i < 3; i++)
        {
            outbox.SendError(Refused, $"evt_{i}");
        }

        var socket = new ScriptedWebSocket();
        outbox.Complete();
        await outbox.WriteAsync(socket, CancellationToken.None).WaitAsync(TestTimeouts.Unit);

        Assert.That(socket.Sent, Is.Empty, "a client that does not read gets its close frame next, not the events it left");
    }

    [Test]
    public async Task SendError_LongClientEventId_RepeatsItsFirst64Characters()
    {
        var outbox = new RealtimeOutbox(capacity: 4);
        var id = string.Concat(Enumerable.Repeat("0123456789", 100));

        outbox.SendError(Refused, id);
        var error = (await WrittenAsync(outbox)).Single().GetProperty("error");

        Assert.That(error.GetProperty("event_id").GetString(), Is.EqualTo(id[..64]));
    }

    [Test]
    public async Task SendError_LongMessage_CutToItsLimit()
    {
        var outbox = new RealtimeOutbox(capacity: 4);

        outbox.SendError(OpenAiError.BadRequest($"model '{new string('m', 100_000)}' is not served here", "model", "model_not_found"));
        var message = (await WrittenAsync(outbox)).Single().GetProperty("error").GetProperty("message").GetString()!;

        Assert.That(message, Has.Length.LessThanOrEqualTo(ClientEcho.MaxMessageLength));
        Assert.That(message, Does.StartWith("model 'mmm"));
    }

    private static async Task<List<JsonElement>> WrittenAsync(RealtimeOutbox outbox)
    {
        var socket = new ScriptedWebSocket();
        outbox.Complete();
        await outbox.WriteAsync(socket, CancellationToken.None).WaitAsync(TestTimeouts.Unit);
        return socket.Sent.Select(e => JsonDocument.Parse(e).RootElement).ToList();
    }
}
