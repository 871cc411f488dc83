namespace Stt.Server.Tests.Support;

/// <summary>A test class with one real server for all its tests, started with <see cref="Settings"/>.</summary>
public abstract class ServerTests
{
    protected SpeechServer Server { get; private set; } = null!;

    /// <summary>Configuration on top of the test defaults.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    [OneTimeSetUp]
    public async Task StartServer() => Server = await SpeechServer.StartAsync(Settings);

    [OneTimeTearDown]
    public async Task StopServer() => await Server.DisposeAsync();
}
