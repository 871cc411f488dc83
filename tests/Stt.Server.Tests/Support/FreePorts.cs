using System.Net;
using System.Net.Sockets;
using Stt.Testing;

namespace Stt.Server.Tests.Support;

/// <summary>Loopback ports nothing listens on (for programs that cannot be told to take port 0).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<string>? describe = null) =>
        await Eventually.TrueAsync(
            async cancellationToken =>
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            timeout,
            () => $"nothing listens on 127.0.0.1:{port}: {describe?.Invoke()}");
}
