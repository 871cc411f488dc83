using System.Net.WebSockets;
using Stt.Core.Streaming;
using Stt.Server.Api;
using Stt.Server.OpenAi.Realtime;

namespace Stt.Server.Tests.OpenAi;

[Unit]
public sealed class SessionEndsTests
{
    private static readonly ApiOptions Api = new();
    private static readonly StreamLifetimeOptions Lifetimes = new();

    [Test]
    public void Of_EachLifetimeReason_TheEndOfTheSameName()
    {
        var names = Enum.GetValues<StreamEndReason>().Select(reason => SessionEnds.Of(reason).ToString());

        Assert.That(names, Is.EqualTo(Enum.GetNames<StreamEndReason>()));
    }

    [Test]
    public void Error_EachEnd_ErrorWithItsStatusAndCode()
    {
        var expected = new Dictionary<SessionEnd, (int, string)?>
        {
            [SessionEnd.ClientClosed] = null,
            [SessionEnd.Idle] = (400, "session_idle_timeout"),
            [SessionEnd.MaxDuration] = (400, "session_expired"),
            [SessionEnd.Draining] = (503, "server_shutting_down"),
            [SessionEnd.Failed] = null, // its failure says why
            [SessionEnd.MessageTooBig] = (400, "event_too_large"),
            [SessionEnd.ClientNotReading] = null, // it would not be read
        };

        var errors = Enum.GetValues<SessionEnd>().ToDictionary(end => end, end => SessionEnds.Error(end, Api, Lifetimes) is { } e ? (e.Status, e.Code!) : ((int, string)?)null);

        Assert.That(errors, Is.EqualTo(expected));
    }

    [Test]
    public void Error_IdleTimeout_NamesTheSetting()
    {
        Assert.That(SessionEnds.Error(SessionEnd.Idle, Api, Lifetimes)!.Message, Does.Contain("Stt:Streams:IdleTimeout"));
    }

    [Test]
    public void CloseFrame_EachEnd_StatusAndReason()
    {
        var expected = new Dictionary<SessionEnd, (WebSocketCloseStatus, string)>
        {
            [SessionEnd.ClientClosed] = (WebSocketCloseStatus.NormalClosure, "bye"),
            [SessionEnd.Idle] = (WebSocketCloseStatus.NormalClosure, "idle"),
            [SessionEnd.MaxDuration] = (WebSocketCloseStatus.PolicyViolation, "maximum duration reached"),
            [SessionEnd.Draining] = ((WebSocketCloseStatus)1012, "server shutting down"),
            [SessionEnd.Failed] = (WebSocketCloseStatus.InternalServerError, "session failed"),
            [SessionEnd.MessageTooBig] = (WebSocketCloseStatus.MessageTooBig, "event too large"),
            [SessionEnd.ClientNotReading] = (WebSocketCloseStatus.PolicyViolation, "the client does not read its events"),
        };

        var frames = Enum.GetValues<SessionEnd>().ToDictionary(end => end, end => SessionEnds.CloseFrame(end));

        Assert.That(frames, Is.EqualTo(expected));
    }
}
