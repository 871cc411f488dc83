using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Stt.Testing;
using Stt.V1;

namespace Stt.Abuse.Report;

/// <summary>
/// The server under attack, and three callers on it. The attacker calls from 127.0.0.1 over every door (gRPC h2c,
/// gRPC-Web over HTTP/1.1, HTTP). The well-behaved stream calls from 127.0.0.2 and the observer (GetServerInfo) from
/// 127.0.0.3: without API keys a caller is its address, so neither shares the attacker's per-caller limits, as another
/// user would not. Where those addresses cannot be bound, everyone calls from 127.0.0.1 (and the report says so).
/// No channel retries anything: every refusal is seen as it comes.
/// </summary>
internal sealed class Target : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public Target(Uri grpc, Uri web, Uri management)
    {
        (GrpcAddress, WebAddress, ManagementAddress) = (grpc, web, management);
        SeparateCallers = CanBind(IPAddress.Parse("127.0.0.2")) && CanBind(IPAddress.Parse("127.0.0.3"));
        Grpc = new SpeechToText.SpeechToTextClient(Channel(grpc, null));
        WellBehaved = new SpeechToText.SpeechToTextClient(Channel(grpc, SeparateCallers ? IPAddress.Parse("127.0.0.2") : null));
        Observer = new SpeechToText.SpeechToTextClient(Channel(grpc, SeparateCallers ? IPAddress.Parse("127.0.0.3") : null));
        var webHandler = new SocketsHttpHandler { ResponseDrainTimeout = TimeSpan.Zero, ConnectTimeout = TimeSpan.FromSeconds(10) };
        var webChannel = GrpcChannel.ForAddress(web, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, webHandler),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            MaxSendMessageSize = null,
            MaxReceiveMessageSize = null,
        });
        _owned.Add(webChannel);
        Web = new SpeechToText.SpeechToTextClient(webChannel);
        Http = Own(new HttpClient { BaseAddress = web, Timeout = Timeout.InfiniteTimeSpan });
        Management = Own(new HttpClient { BaseAddress = management, Timeout = Timeout.InfiniteTimeSpan });
    }

    public Uri GrpcAddress { get; }

    public Uri WebAddress { get; }

    public Uri ManagementAddress { get; }

    /// <summary>True when the well-behaved stream and the observer call from addresses of their own.</summary>
    public bool SeparateCallers { get; }

    /// <summary>The attacker over gRPC (HTTP/2 cleartext).</summary>
    public SpeechToText.SpeechToTextClient Grpc { get; }

    /// <summary>The attacker over gRPC-Web (HTTP/1.1), as a browser calls.</summary>
    public SpeechToText.SpeechToTextClient Web { get; }

    /// <summary>The attacker over HTTP on the web port (OpenAI-compatible routes, the page).</summary>
    public HttpClient Http { get; }

    /// <summary>HTTP on the management port.</summary>
    public HttpClient Management { get; }

    /// <summary>The well-behaved live stream's caller.</summary>
    public SpeechToText.SpeechToTextClient WellBehaved { get; }

    /// <summary>Asks the server how it is doing.</summary>
    public SpeechToText.SpeechToTextClient Observer { get; }

    /// <summary>Live streams open now, as the server counts them (GetServerInfo's Load.ActiveStreams).</summary>
    public async Task<int> ActiveStreamsAsync(CancellationToken cancellationToken)
    {
        var info = await Observer.GetServerInfoAsync(new GetServerInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
        return info.Load.ActiveStreams;
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private GrpcChannel Channel(Uri address, IPAddress? source)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (source is not null)
        {
            handler.ConnectCallback = SourceAddress.Connect(source);
        }

        return Own(GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxSendMessageSize = null,
            MaxReceiveMessageSize = null,
        }));
    }

    private static bool CanBind(IPAddress address)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
