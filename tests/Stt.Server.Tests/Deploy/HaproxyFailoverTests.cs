using Grpc.Core;
using Stt.Client;
using Stt.Server.Tests.Support;

namespace Stt.Server.Tests.Deploy;

/// <summary>The replicas behind HAProxy with deploy/haproxy/haproxy.cfg (health checks on the replicas' /readyz).</summary>
public sealed class HaproxyFailoverTests : ReplicaFailoverTests
{
    private HaproxyProcess? _haproxy;

    /// <summary>
    /// Behind HAProxy 2.6 a drained replica's finals and summary arrive, then the stream ends with the server's
    /// UNAVAILABLE or, in some runs here, a CANCEL reset instead; the client resumes from the summary either way.
    /// </summary>
    protected override StatusCode[] DrainedStreamEndings => [StatusCode.Unavailable, StatusCode.Cancelled];

    [SetUp]
    public void RequireHaproxy()
    {
        if (!HaproxyProcess.IsInstalled)
        {
            Assert.Ignore("needs haproxy (apt-get install haproxy; .ci/run installs it)");
        }
    }

    protected override async Task<SpeechClient> ConnectAsync(ReplicaSet replicas)
    {
        _haproxy = await HaproxyProcess.StartAsync(replicas.Servers);
        return new SpeechClient(_haproxy.GrpcAddress);
    }

    protected override void Disconnect()
    {
        if (_haproxy is not null && TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine($"haproxy log:\n{_haproxy.Log}");
        }

        _haproxy?.Dispose();
        _haproxy = null;
    }
}
