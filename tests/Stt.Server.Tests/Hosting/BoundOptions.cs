using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stt.Core.Hosting;

namespace Stt.Server.Tests.Hosting;

/// <summary>Options of the speech core as the server binds them from a configuration of these settings alone.</summary>
internal static class BoundOptions
{
    public static T Of<T>(Dictionary<string, string?> settings)
        where T : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSpeechRecognition()
            .BuildServiceProvider();
        return services.GetRequiredService<IOptions<T>>().Value;
    }
}
