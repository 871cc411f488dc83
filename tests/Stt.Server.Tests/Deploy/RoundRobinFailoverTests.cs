using Stt.Client;
using Stt.Server.Tests.Support;

namespace Stt.Server.Tests.Deploy;

/// <summary>The replicas without a proxy: the client balances over their addresses itself (static resolver, round_robin).</summary>
public sealed class RoundRobinFailoverTests : ReplicaFailoverTests
{
    protected override async Task<SpeechClient> ConnectAsync(ReplicaSet replicas)
    {
        // round_robin picks among the replicas it is connected to: a first call makes it connect to all of them, which
        // takes a moment; a client that has been running for a while is past this.
        var client = new SpeechClient(replicas.GrpcAddresses);
        await client.GetServerInfoAsync();
        await Task.Delay(500);
        return client;
    }
}
