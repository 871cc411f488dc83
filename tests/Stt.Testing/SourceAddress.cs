using System.Net;
using System.Net.Sockets;

namespace Stt.Testing;

/// <summary>
/// Connections from a chosen loopback address (127.0.0.2, say): another client address as the server sees it, for
/// per-caller limits and ownership without API keys.
/// </summary>
public static class SourceAddress
{
    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> whose connections come from <paramref name="source"/>.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(IPAddress source) =>
        (context, token) => ConnectFromAsync(source, context.DnsEndPoint, token);

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress source, DnsEndPoint server, CancellationToken cancellationToken)
    {
        var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
