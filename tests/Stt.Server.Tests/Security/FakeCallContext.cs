using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Stt.Server.Tests.Security;

/// <summary>A call to a method with an HTTP context whose endpoint carries the given declarations, for testing call steps alone.</summary>
internal sealed class FakeCallContext : ServerCallContext
{
    private readonly Dictionary<object, object> _userState = [];

    public FakeCallContext(string method, params object[] declarations)
    {
        MethodCore = method;
        Http = new DefaultHttpContext();
        Http.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(declarations), method));
        _userState["__HttpContext"] = Http; // where grpc-dotnet's GetHttpContext() finds it outside a real call
    }

    public DefaultHttpContext Http { get; }

    protected override string MethodCore { get; }

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:5000";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
