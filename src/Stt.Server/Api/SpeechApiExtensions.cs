using Microsoft.Extensions.Options;
using Stt.Audio;
using Stt.Core.Streaming;
using Stt.Server.Security;
using Stt.Server.Sessions;

namespace Stt.Server.Api;

/// <summary>Registers and maps the stt.v1.SpeechToText gRPC service.</summary>
public static class SpeechApiExtensions
{
    /// <summary>Adds gRPC with the configured message limit, error mapping, and the request validator.</summary>
    public static IServiceCollection AddSpeechApi(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateOnStart();
        services.AddGrpc(o =>
        {
            o.Interceptors.AddCallPipeline(); // outermost: the log line, drain, keys, limits, admission
            o.Interceptors.Add<RpcExceptionInterceptor>();
        });
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>()
            .Configure<IOptions<ApiOptions>>((grpc, api) => grpc.MaxReceiveMessageSize = api.Value.MaxMessageBytes);
        services.AddSingleton<RecognitionRules>();
        services.AddSingleton<RequestValidator>();
        services.AddSingleton(sp => new ExternalAudioConverter(sp.GetRequiredService<IOptions<ApiOptions>>().Value.ConverterOptions));
        services.AddSingleton<UploadDecoder>();
        services.AddSingleton<LiveStreamRunner>();
        services.AddSingleton<StreamingCall>();
        services.AddSingleton<FileCall>();
        services.AddSingleton<ServerInfoCall>();
        services.AddBrowserSessions();
        return services;
    }

    /// <summary>Maps the service.</summary>
    public static IEndpointRouteBuilder MapSpeechApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<SpeechToTextService>();
        return endpoints;
    }
}
