using System.Net;
using Stt.Server.Tests.Support;

namespace Stt.Server.Tests.Abuse;

/// <summary>With API keys configured, the server is not open: any host name reaches it (and then needs a key).</summary>
[Integration]
public sealed class HostFilteringWithKeysTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Auth:ApiKeys:0"] = Core.Security.ApiKeys.Digest(Core.Security.ApiKeys.NewKey()),
    };

    [Test]
    public async Task Request_AnyHostName_ReachesTheServer()
    {
        using var response = await HostRequests.GetAsync(Server.WebAddress, "/v1/models", $"stt.example.com:{Server.WebAddress.Port}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "past the host filter, the key check answers");
    }
}
