using System.Text.RegularExpressions;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Support;

/// <summary>
/// Several replicas of the service: real server processes on loopback ports, each with its own channel for looking at
/// it from outside (health, load, its log).
/// </summary>
public sealed partial class ReplicaSet : IDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    private ReplicaSet(List<ServerProcess> servers) => Servers = servers;

    public IReadOnlyList<ServerProcess> Servers { get; }

    public IReadOnlyList<Uri> GrpcAddresses => Servers.Select(s => s.GrpcAddress).ToList();

    public ServerProcess this[int index] => Servers[index];

    /// <summary>Starts <paramref name="count"/> replicas serving the test model, with <paramref name="settings"/> on top, and waits until each is SERVING.</summary>
    public static async Task<ReplicaSet> StartAsync(int count, IDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string> { ["Stt__Shutdown__DrainTimeout"] = "00:00:10" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var servers = Enumerable.Range(0, count).Select(_ => ServerProcess.StartWithTestModel(environment)).ToList();
        var replicas = new ReplicaSet(servers);
        try
        {
            await Task.WhenAll(servers.Select(s => s.WaitUntilListeningAsync(TestTimeouts.Slow)));
            replicas._channels.AddRange(servers.Select(s => GrpcChannel.ForAddress(s.GrpcAddress)));
            await Task.WhenAll(Enumerable.Range(0, count).Select(replicas.WaitUntilServingAsync));
            return replicas;
        }
        catch
        {
            replicas.Dispose();
            throw;
        }
    }

    /// <summary>Live streams on each replica now; -1 for a replica that does not answer.</summary>
    public async Task<int[]> ActiveStreamsAsync()
    {
        return await Task.WhenAll(_channels.Select(async channel =>
        {
            try
            {
                var info = await new SpeechToText.SpeechToTextClient(channel).GetServerInfoAsync(new GetServerInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                return info.Load.ActiveStreams;
            }
            catch (Grpc.Core.RpcException)
            {
                return -1;
            }
        }));
    }

    /// <summary>Waits until the replicas together hold <paramref name="streams"/> live streams; returns each one's count.</summary>
    public async Task<int[]> WaitForActiveStreamsAsync(int streams, TimeSpan timeout)
    {
        return await Eventually.ReadAsync(
            _ => ActiveStreamsAsync(),
            active => active.Where(a => a > 0).Sum() == streams,
            timeout,
            active => $"replicas hold [{string.Join(", ", active)}] streams, not {streams} in all",
            poll: TimeSpan.FromMilliseconds(25));
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, KILL) to the replica holding the one live stream; returns its index.</summary>
    public async Task<int> SignalStreamHolderAsync(string signal, TimeSpan timeout)
    {
        var holder = Array.IndexOf(await WaitForActiveStreamsAsync(1, timeout), 1);
        await Servers[holder].SignalAsync(signal);
        return holder;
    }

    /// <summary>Calls of <paramref name="method"/> the replica logged as ending with <paramref name="status"/> (its one line per call).</summary>
    public int CallsLogged(int index, string method, Grpc.Core.StatusCode status) =>
        CallLine().Matches(Servers[index].Output).Count(m => m.Groups["method"].Value == method && m.Groups["status"].Value == status.ToString());

    /// <summary>Waits until the replicas together have logged <paramref name="calls"/> such calls; returns each one's count.</summary>
    public async Task<int[]> WaitForCallsLoggedAsync(string method, Grpc.Core.StatusCode status, int calls, TimeSpan timeout)
    {
        return await Eventually.ReadAsync(
            _ => Task.FromResult(Enumerable.Range(0, Servers.Count).Select(i => CallsLogged(i, method, status)).ToArray()),
            logged => logged.Sum() >= calls,
            timeout,
            logged => $"replicas logged [{string.Join(", ", logged)}] such calls, not {calls} in all",
            poll: TimeSpan.FromMilliseconds(25));
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        foreach (var server in Servers)
        {
            server.Dispose();
        }
    }

    private async Task WaitUntilServingAsync(int index) =>
        await Servers[index].WaitUntilServingAsync(new Health.HealthClient(_channels[index]), TestTimeouts.Slow);

    [GeneratedRegex(@"(?<method>\w+) \S+ caller \S+: (?<status>\w+) in ")]
    private static partial Regex CallLine();
}
