using Stt.Server.Tests.Support;

namespace Stt.Server.Tests.Deploy;

/// <summary>The replicas behind nginx with deploy/nginx/stt.conf; the client knows only nginx's address.</summary>
public sealed class NginxFailoverTests : ProxiedFailoverTests
{
    protected override string Proxy => "nginx";

    protected override bool ProxyInstalled => NginxProcess.IsInstalled;

    protected override async Task<IProxyProcess> StartProxyAsync(IReadOnlyList<ServerProcess> replicas) => await NginxProcess.StartAsync(replicas);
}
