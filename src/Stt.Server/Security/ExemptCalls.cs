using Microsoft.Extensions.Options;

namespace Stt.Server.Security;

/// <summary>
/// The calls that pass every step of the call pipeline untouched, when so configured: grpc.health.v1 (load balancers
/// rarely carry keys) and server reflection (it only describes the public API). They need no key, are never limited
/// and write no log line.
/// </summary>
internal sealed class ExemptCalls(IOptions<AuthOptions> options)
{
    private readonly bool _health = options.Value.AnonymousHealth;
    private readonly bool _reflection = options.Value.AnonymousReflection;

    /// <summary>True when <paramref name="method"/> (<c>/package.Service/Method</c>) passes unchecked.</summary>
    public bool Contains(string method) =>
        (_health && method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal))
        || (_reflection && method.StartsWith("/grpc.reflection.", StringComparison.Ordinal));
}
