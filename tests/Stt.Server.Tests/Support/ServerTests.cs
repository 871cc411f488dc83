using Microsoft.Extensions.Logging;

namespace Stt.Server.Tests.Support;

/// <summary>A test class with one real server for all its tests, started with <see cref="Settings"/>.</summary>
public abstract class ServerTests
{
    protected SpeechServer Server { get; private set; } = null!;

    /// <summary>Configuration on top of the test defaults.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>Where the server's log also goes, for tests that read it; none by default.</summary>
    protected virtual ILoggerProvider? Logs => null;

    [OneTimeSetUp]
    public async Task StartServer() => Server = await SpeechServer.StartAsync(Settings, Logs);

    [OneTimeTearDown]
    public async Task StopServer() => await Server.DisposeAsync();
}
