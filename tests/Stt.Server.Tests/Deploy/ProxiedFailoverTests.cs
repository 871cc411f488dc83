using Stt.Client;
using Stt.Server.Tests.Support;

namespace Stt.Server.Tests.Deploy;

/// <summary>The replicas behind a proxy, with its shipped configuration; the client knows only the proxy's address.</summary>
public abstract class ProxiedFailoverTests : ReplicaFailoverTests
{
    private IProxyProcess? _proxy;

    /// <summary>The proxy's program, as the package that installs it is named.</summary>
    protected abstract string Proxy { get; }

    protected abstract bool ProxyInstalled { get; }

    /// <summary>Starts the proxy in front of <paramref name="replicas"/>, ready for calls.</summary>
    protected abstract Task<IProxyProcess> StartProxyAsync(IReadOnlyList<ServerProcess> replicas);

    [SetUp]
    public void RequireProxy()
    {
        if (!ProxyInstalled)
        {
            Assert.Ignore($"needs {Proxy} (apt-get install {Proxy}; .ci/run installs it)");
        }
    }

    protected override async Task<SpeechClient> ConnectAsync(ReplicaSet replicas)
    {
        _proxy = await StartProxyAsync(replicas.Servers);
        return new SpeechClient(_proxy.GrpcAddress);
    }

    protected override void Disconnect()
    {
        if (_proxy is not null && TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine($"{Proxy} log:\n{_proxy.Log}");
        }

        _proxy?.Dispose();
        _proxy = null;
    }
}
