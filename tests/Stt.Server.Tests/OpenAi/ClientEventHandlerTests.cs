using System.Text.Json;
using Stt.Core.Streaming;
using Frame = Stt.Server.Tests.OpenAi.ScriptedWebSocket.Frame;

namespace Stt.Server.Tests.OpenAi;

/// <summary>The client's events applied to a session, through its reader: what an event the session refuses gets back.</summary>
[Unit]
public sealed class ClientEventHandlerTests
{
    private static readonly StreamLifetimeOptions Lifetimes = new();

    [Test]
    public async Task HandleAsync_LongTypeAndEventId_ErrorRepeatsAtMost64CharactersOfEach()
    {
        var type = new string('t', 1000);
        var id = new string('i', 1000);
        await using var harness = new ClientEventLoopHarness(
            new ScriptedWebSocket(Frame.Text(JsonSerializer.Serialize(new { type, event_id = id }))), Lifetimes, maxMessageBytes: 4096);

        harness.Start();
        await harness.EndAsync();
        var error = (await harness.ServerEventJsonAsync()).Single().GetProperty("error");

        Assert.That(error.GetProperty("event_id").GetString(), Is.EqualTo(id[..64]));
        var message = error.GetProperty("message").GetString()!;
        Assert.That(message, Does.Contain(type[..64]).And.Not.Contain(type[..65]), "the type, cut");
        Assert.That(message, Has.Length.LessThan(200));
    }

    [Test]
    public async Task HandleAsync_LongValueOfAnUnsupportedFormat_ErrorRepeatsAtMost64CharactersOfIt()
    {
        var format = new string('f', 1000);
        var update = new { type = "session.update", session = new { type = "transcription", audio = new { input = new { format = new { type = format } } } } };
        await using var harness = new ClientEventLoopHarness(new ScriptedWebSocket(Frame.Text(JsonSerializer.Serialize(update))), Lifetimes, maxMessageBytes: 4096);

        harness.Start();
        await harness.EndAsync();
        var message = (await harness.ServerEventJsonAsync()).Single().GetProperty("error").GetProperty("message").GetString()!;

        Assert.That(message, Does.Contain(format[..64]).And.Not.Contain(format[..65]));
    }

    [Test]
    public async Task HandleAsync_TypeCutInsideASurrogatePair_ErrorEventAndTheSessionGoesOn()
    {
        var type = new string('t', 63) + "😀😀"; // the 64th character is the first half of a pair
        await using var harness = new ClientEventLoopHarness(
            new ScriptedWebSocket(Frame.Text(JsonSerializer.Serialize(new { type, event_id = type })), Frame.Text("""{"type":"input_audio_buffer.clear"}""")),
            Lifetimes, maxMessageBytes: 4096);

        harness.Start();
        var (end, _, failure) = await harness.EndAsync();
        var events = await harness.ServerEventJsonAsync();

        Assert.That(failure, Is.Null);
        Assert.That(events.Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "error", "input_audio_buffer.cleared" }));
        Assert.That(events[0].GetProperty("error").GetProperty("event_id").GetString(), Is.EqualTo(new string('t', 63)), "cut before the pair, not inside it");
    }

    [Test]
    public async Task HandleAsync_TypeWithALoneSurrogate_ErrorEventAndTheSessionGoesOn()
    {
        await using var harness = new ClientEventLoopHarness(
            new ScriptedWebSocket(Frame.Text("""{"type":"\ud800","event_id":"\udc00"}"""), Frame.Text("""{"type":"input_audio_buffer.clear"}""")), Lifetimes);

        harness.Start();
        var (_, _, failure) = await harness.EndAsync();
        var events = await harness.ServerEventJsonAsync();

        Assert.That(failure, Is.Null);
        Assert.That(events.Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "error", "input_audio_buffer.cleared" }));
    }
}
