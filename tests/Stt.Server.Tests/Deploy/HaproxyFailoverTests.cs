using Grpc.Core;
using Stt.Server.Tests.Support;

namespace Stt.Server.Tests.Deploy;

/// <summary>The replicas behind HAProxy with deploy/haproxy/haproxy.cfg (health checks on the replicas' /readyz).</summary>
public sealed class HaproxyFailoverTests : ProxiedFailoverTests
{
    /// <summary>
    /// Behind HAProxy 2.6 a drained replica's finals and summary arrive, then the stream ends with the server's
    /// UNAVAILABLE or, in some runs here, a CANCEL reset instead; the client resumes from the summary either way.
    /// </summary>
    protected override StatusCode[] DrainedStreamEndings => [StatusCode.Unavailable, StatusCode.Cancelled];

    protected override string Proxy => "haproxy";

    protected override bool ProxyInstalled => HaproxyProcess.IsInstalled;

    protected override async Task<IProxyProcess> StartProxyAsync(IReadOnlyList<ServerProcess> replicas) => await HaproxyProcess.StartAsync(replicas);
}
