using System.Text;
using Stt.Server.OpenAi.Realtime;
using Frame = Stt.Server.Tests.OpenAi.ScriptedWebSocket.Frame;

namespace Stt.Server.Tests.OpenAi;

[Unit]
public sealed class ClientMessageReceiverTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task ReceiveAsync_TextInTwoFrames_OneWholeTextMessage()
    {
        var receiver = new ClientMessageReceiver(new ScriptedWebSocket(Frame.Text("{\"type\":", endOfMessage: false), Frame.Text("\"x\"}")), 1024);

        var message = await receiver.ReceiveAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(message.Kind, Is.EqualTo(ClientMessageKind.Text));
        Assert.That(Encoding.UTF8.GetString(message.Text.Span), Is.EqualTo("{\"type\":\"x\"}"));
    }

    [Test]
    public async Task ReceiveAsync_BinaryFrame_Binary()
    {
        var receiver = new ClientMessageReceiver(new ScriptedWebSocket(Frame.Binary(4)), 1024);

        var message = await receiver.ReceiveAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That((message.Kind, message.Text.Length), Is.EqualTo((ClientMessageKind.Binary, 4)));
    }

    [Test]
    public async Task ReceiveAsync_MessageGrowsPastTheLimit_TooBigBeforeItsEnd()
    {
        var receiver = new ClientMessageReceiver(new ScriptedWebSocket(Frame.Text("12345678", endOfMessage: false), Frame.Text("12345678", endOfMessage: false)), 10);

        var message = await receiver.ReceiveAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(message.Kind, Is.EqualTo(ClientMessageKind.TooBig));
    }

    [Test]
    public async Task ReceiveAsync_MessageOfExactlyTheLimit_Text()
    {
        var receiver = new ClientMessageReceiver(new ScriptedWebSocket(Frame.Text("1234567890")), 10);

        var message = await receiver.ReceiveAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(message.Kind, Is.EqualTo(ClientMessageKind.Text));
    }

    [Test]
    public async Task ReceiveAsync_ClientCloses_Close()
    {
        var receiver = new ClientMessageReceiver(new ScriptedWebSocket(), 1024);

        var message = await receiver.ReceiveAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(message.Kind, Is.EqualTo(ClientMessageKind.Close));
    }

    [Test]
    public async Task ReceiveAsync_ConnectionDropsMidMessage_Close()
    {
        var receiver = new ClientMessageReceiver(new ScriptedWebSocket(Frame.Text("{\"ty", endOfMessage: false), Frame.Dropped), 1024);

        var message = await receiver.ReceiveAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(message.Kind, Is.EqualTo(ClientMessageKind.Close));
    }
}
