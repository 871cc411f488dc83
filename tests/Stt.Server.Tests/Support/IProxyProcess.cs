namespace Stt.Server.Tests.Support;

/// <summary>A load balancer in front of the replicas, run for a test: the one address the client knows.</summary>
public interface IProxyProcess : IDisposable
{
    Uri GrpcAddress { get; }

    /// <summary>What the proxy logged, for a failed test's output.</summary>
    string Log { get; }
}
