using System.Buffers;
using System.Net.WebSockets;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// Receives the client's WebSocket messages whole, each at most <paramref name="maxMessageBytes"/> bytes; a connection
/// that drops reads as a close.
/// </summary>
internal sealed class ClientMessageReceiver(WebSocket socket, int maxMessageBytes)
{
    private const int ChunkBytes = 16 * 1024;

    public async Task<ClientMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes);
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.GetMemory(ChunkBytes), cancellationToken);
            }
            catch (WebSocketException)
            {
                return new ClientMessage(ClientMessageKind.Close, default); // the connection dropped
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new ClientMessage(ClientMessageKind.Close, default);
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > maxMessageBytes)
            {
                return new ClientMessage(ClientMessageKind.TooBig, default);
            }

            if (result.EndOfMessage)
            {
                return new ClientMessage(result.MessageType == WebSocketMessageType.Binary ? ClientMessageKind.Binary : ClientMessageKind.Text, buffer.WrittenMemory);
            }
        }
    }
}
