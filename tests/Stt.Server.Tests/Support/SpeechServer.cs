using System.Net;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stt.Server.Hosting;
using Stt.Server.Sessions;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Support;

/// <summary>
/// The real host, built exactly as Program.cs builds it, on a real Kestrel bound to 127.0.0.1:0 (HTTP/2 for
/// gRPC, HTTP/1.1 for gRPC-Web), serving the synthetic model through the real Whisper.net engine.
/// </summary>
public sealed class SpeechServer : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    private SpeechServer(WebApplication app, Uri grpc, Uri web, Uri management, Uri? tls)
    {
        App = app;
        GrpcAddress = grpc;
        WebAddress = web;
        ManagementAddress = management;
        TlsAddress = tls;
        Client = new SpeechToText.SpeechToTextClient(Channel());
    }

    public WebApplication App { get; }

    public Uri GrpcAddress { get; }

    public Uri WebAddress { get; }

    /// <summary>The management listener (metrics).</summary>
    public Uri ManagementAddress { get; }

    /// <summary>The HTTPS endpoint, when the settings configure one (<c>Kestrel:Endpoints:WebTls</c>).</summary>
    public Uri? TlsAddress { get; }

    public SpeechToText.SpeechToTextClient Client { get; }

    /// <summary>Starts a server with <paramref name="settings"/> over the test defaults; its log also goes to <paramref name="logs"/> when given.</summary>
    public static async Task<SpeechServer> StartAsync(IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:Web:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Web:Protocols"] = "Http1",
            ["Kestrel:Endpoints:Management:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Management:Protocols"] = "Http1",
            ["Stt:Model"] = TestModels.ServerModel,
            ["Stt:ModelCache"] = TestModels.CacheDirectory,
            ["Logging:LogLevel:Default"] = "Warning",

            // Tests run streams faster than real time, many at once, all from one address: admission control and
            // the per-caller limits would (rightly) refuse some. Their own tests turn them on.
            ["Stt:Admission:Enabled"] = "false",
            ["Stt:Auth:ConcurrentStreamsPerKey"] = "0",
            ["Stt:Auth:RequestsPerMinutePerKey"] = "0",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        _ = TestModels.Synthetic; // written once, shared with the engine tests
        builder.AddSpeechServer();
        var app = builder.Build();
        app.MapSpeechServer();
        await app.StartAsync();

        // Endpoints bind in the order of their names: Grpc, Management, Web, then any HTTPS one (WebTls).
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        var tls = addresses.FirstOrDefault(a => a.StartsWith("https:", StringComparison.Ordinal));
        var plain = addresses.Where(a => a != tls).ToList();
        var server = new SpeechServer(app, new Uri(plain[0]), new Uri(plain[2]), new Uri(plain[1]), tls is null ? null : new Uri(tls));
        await server.WaitUntilServingAsync();
        return server;
    }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Waits until the server has seen the results stream of browser session <paramref name="id"/> go (it waits for a resume).</summary>
    public Task WaitUntilDetachedAsync(string id) =>
        Eventually.TrueAsync(() => Service<SessionRegistry>().IsDetached(id), TestTimeouts.Server, () => "the session still has its results stream");

    /// <summary>A gRPC channel over HTTP/2 cleartext.</summary>
    public GrpcChannel Channel()
    {
        var channel = GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions { MaxSendMessageSize = null, MaxReceiveMessageSize = null });
        _channels.Add(channel);
        return channel;
    }

    /// <summary>
    /// A gRPC-Web channel over HTTP/1.1, as a browser would use; its connections come from <paramref name="source"/>
    /// when given (127.0.0.2, say: another client address on loopback, as the server sees it).
    /// </summary>
    public GrpcChannel WebChannel(IPAddress? source = null)
    {
        var handler = new SocketsHttpHandler { ResponseDrainTimeout = TimeSpan.Zero };
        if (source is not null)
        {
            handler.ConnectCallback = SourceAddress.Connect(source);
        }

        var channel = GrpcChannel.ForAddress(WebAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, handler),
            HttpVersion = System.Net.HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        _channels.Add(channel);
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
    }

    private async Task WaitUntilServingAsync()
    {
        var health = new Health.HealthClient(Channel());
        await Eventually.TrueAsync(
            async cancellationToken =>
            {
                try
                {
                    var reply = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: cancellationToken);
                    return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
                }
                catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.Unauthenticated)
                {
                    return Service<Core.Inference.SpeechModelHost>().IsReady; // health needs a key on this server; the model's readiness is what health would report
                }
            },
            TestTimeouts.Server,
            () => "not SERVING");
    }
}
