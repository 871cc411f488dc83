using Microsoft.Extensions.Options;
using Stt.Server.OpenAi.Realtime;

namespace Stt.Server.OpenAi;

/// <summary>
/// Registers and maps the OpenAI-compatible audio API: file transcription and translation, the model list, and Realtime
/// transcription sessions over a WebSocket. One more front door to the same pipeline, keys, limits and admission as gRPC.
/// </summary>
public static class OpenAiApiExtensions
{
    /// <summary>Binds <see cref="OpenAiOptions"/> and adds the endpoints' pieces.</summary>
    public static IServiceCollection AddOpenAiApi(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<OpenAiOptions>, OpenAiOptionsValidator>();
        services.AddOptions<OpenAiOptions>().BindConfiguration(OpenAiOptions.Section).ValidateOnStart();
        services.AddSingleton<OpenAiFailures>();
        services.AddSingleton<OpenAiGate>();
        services.AddSingleton<ServedModels>();
        services.AddSingleton<AudioRequestReader>();
        services.AddSingleton<AudioFileCall>();
        services.AddSingleton<ModelsCall>();
        services.AddSingleton<RealtimeCall>();
        return services;
    }

    /// <summary>Maps <c>/v1/...</c> behind <see cref="OpenAiGate"/>, unless <c>Stt:OpenAi:Enabled</c> is false.</summary>
    public static WebApplication MapOpenAiApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<OpenAiOptions>>().Value.Enabled)
        {
            return app;
        }

        app.UseWebSockets();
        var v1 = app.MapGroup("/v1").AddEndpointFilter<OpenAiGate>();
        v1.MapPost("/audio/transcriptions", (HttpContext context, AudioFileCall call) => call.RunAsync(context, translate: false))
            .WithName("openai.transcriptions").DisableAntiforgery();
        v1.MapPost("/audio/translations", (HttpContext context, AudioFileCall call) => call.RunAsync(context, translate: true))
            .WithName("openai.translations").DisableAntiforgery();
        v1.MapGet("/models", (ModelsCall call) => call.List()).WithName("openai.models");
        v1.MapGet("/models/{id}", (string id, ModelsCall call) => call.Get(id)).WithName("openai.model");
        v1.MapGet("/realtime", (HttpContext context, RealtimeCall call) => call.RunAsync(context)).WithName("openai.realtime");
        return app;
    }
}
