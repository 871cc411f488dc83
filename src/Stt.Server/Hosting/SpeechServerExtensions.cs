using Stt.Core.Hosting;
using Stt.Server.Api;
using Stt.Server.OpenAi;
using Stt.Server.Security;

namespace Stt.Server.Hosting;

/// <summary>The host's table of contents: what the server is made of and what it serves.</summary>
public static class SpeechServerExtensions
{
    /// <summary>
    /// Registers the management listener and host filtering, the speech core, the gRPC API and its gate, the
    /// OpenAI-compatible API, health, reflection, the web page, CORS, shutdown and telemetry.
    /// </summary>
    public static WebApplicationBuilder AddSpeechServer(this WebApplicationBuilder builder)
    {
        builder.AddManagementListener();
        builder.Services.AddLoopbackHostFiltering(builder.Configuration);
        builder.Services.AddSpeechRecognition();
        builder.Services.AddSpeechApi();
        builder.Services.AddOpenAiApi();
        builder.Services.AddCallSecurity();
        builder.Services.AddGracefulShutdown();
        builder.Services.AddSpeechTelemetry(builder.Configuration);
        builder.Services.AddModelHealth();
        builder.Services.AddGrpcReflection();
        builder.Services.AddWebPage();
        builder.Services.AddBrowserCors();
        return builder;
    }

    /// <summary>
    /// Keeps management paths to the management listener, then maps the gRPC service (also over gRPC-Web), the
    /// OpenAI-compatible API, health, reflection, the web page and the metrics.
    /// </summary>
    public static WebApplication MapSpeechServer(this WebApplication app)
    {
        app.UseManagementListener();
        app.UseBrowserCors();
        app.UseWebPage();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapSpeechApi();
        app.MapOpenAiApi();
        app.MapModelHealth();
        app.MapGrpcReflectionService();
        app.MapSpeechMetrics();
        return app;
    }
}
