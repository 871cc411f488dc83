using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Stt.Client.Connections;

/// <summary>
/// The gRPC channel a <see cref="SpeechClient"/> calls through. One <c>http(s)://</c> address: one server or a load
/// balancer in front of several. <c>dns:///name:port</c> (a headless Kubernetes Service) or several addresses: the
/// client balances itself, <c>round_robin</c> over every replica. Either way a call refused before the server answered
/// (UNAVAILABLE, RESOURCE_EXHAUSTED) is replayed with its buffered messages, honouring the server's
/// <c>grpc-retry-pushback-ms</c>; with round_robin the replay goes to the next replica.
/// </summary>
internal static class SpeechChannel
{
    public static GrpcChannel Create(IReadOnlyList<Uri> addresses, SpeechClientOptions options)
    {
        if (addresses.Count == 0)
        {
            throw new ArgumentException("at least one server address is needed", nameof(addresses));
        }

        var balanced = addresses.Count > 1 || addresses[0].Scheme == "dns";
        var channelOptions = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
            MaxRetryBufferPerCallSize = options.MaxRetryBufferPerCall,
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = options.KeepAlivePingDelay,
                KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
                ConnectTimeout = TimeSpan.FromSeconds(10),
            },
            DisposeHttpClient = true,
            ServiceConfig = ServiceConfig(balanced, options),
        };
        if (!balanced)
        {
            return GrpcChannel.ForAddress(addresses[0], channelOptions);
        }

        var tls = addresses.All(a => a.Scheme == Uri.UriSchemeHttps);
        if (!tls && addresses.Any(a => a.Scheme == Uri.UriSchemeHttps))
        {
            throw new ArgumentException("the addresses mix http:// and https://; use one scheme for every replica", nameof(addresses));
        }

        channelOptions.Credentials = tls ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        var services = new ServiceCollection();
        if (addresses[0].Scheme == "dns")
        {
            services.AddSingleton<ResolverFactory>(new DnsResolverFactory(options.DnsRefreshInterval));
            channelOptions.ServiceProvider = services.BuildServiceProvider();
            return GrpcChannel.ForAddress(addresses[0], channelOptions);
        }

        var replicas = addresses.Select(a => new BalancerAddress(a.Host, a.Port)).ToList();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => replicas));
        channelOptions.ServiceProvider = services.BuildServiceProvider();
        return GrpcChannel.ForAddress("static:///stt", channelOptions);
    }

    private static ServiceConfig ServiceConfig(bool balanced, SpeechClientOptions options)
    {
        var config = new ServiceConfig
        {
            MethodConfigs =
            {
                new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = Math.Max(2, options.MaxAttempts),
                        InitialBackoff = TimeSpan.FromMilliseconds(500),
                        MaxBackoff = TimeSpan.FromSeconds(5),
                        BackoffMultiplier = 2,
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                },
            },
        };
        if (options.RetryWhenFull)
        {
            config.MethodConfigs[0].RetryPolicy!.RetryableStatusCodes.Add(StatusCode.ResourceExhausted);
        }
        else
        {
            // No retry policy at all for live streams: gRPC for .NET replays a call whose refusal carries a
            // grpc-retry-pushback-ms whatever its status, and a full replica's refusal does.
            config.MethodConfigs.Add(new MethodConfig { Names = { new MethodName { Service = "stt.v1.SpeechToText", Method = "StreamingTranscribe" } } });
        }

        if (balanced)
        {
            config.LoadBalancingConfigs.Add(new RoundRobinConfig());
        }

        return config;
    }
}
