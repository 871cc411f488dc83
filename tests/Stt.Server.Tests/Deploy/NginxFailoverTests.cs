using Stt.Client;
using Stt.Server.Tests.Support;

namespace Stt.Server.Tests.Deploy;

/// <summary>The replicas behind nginx with deploy/nginx/stt.conf; the client knows only nginx's address.</summary>
public sealed class NginxFailoverTests : ReplicaFailoverTests
{
    private NginxProcess? _nginx;

    [SetUp]
    public void RequireNginx()
    {
        if (!NginxProcess.IsInstalled)
        {
            Assert.Ignore("needs nginx (apt-get install nginx; .ci/run installs it)");
        }
    }

    protected override async Task<SpeechClient> ConnectAsync(ReplicaSet replicas)
    {
        _nginx = await NginxProcess.StartAsync(replicas.Servers);
        return new SpeechClient(_nginx.GrpcAddress);
    }

    protected override void Disconnect()
    {
        if (_nginx is not null && TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine($"nginx log:\n{_nginx.ErrorLog}");
        }

        _nginx?.Dispose();
        _nginx = null;
    }
}
