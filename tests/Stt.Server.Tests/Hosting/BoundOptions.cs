using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stt.Core.Hosting;
using Stt.Server.Api;
using Stt.Server.OpenAi;
using Stt.Server.Security;

namespace Stt.Server.Tests.Hosting;

/// <summary>Options of the speech core and the host's APIs as the server binds them from a configuration of these settings alone.</summary>
internal static class BoundOptions
{
    public static T Of<T>(Dictionary<string, string?> settings)
        where T : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSpeechRecognition()
            .AddSpeechApi()
            .AddCallSecurity()
            .AddOpenAiApi()
            .BuildServiceProvider();
        return services.GetRequiredService<IOptions<T>>().Value;
    }
}
