using System.Net;
using Stt.Server.Tests.Support;

namespace Stt.Server.Tests.Abuse;

/// <summary>
/// An open server on loopback answers loopback host names only: a page on another site that rebinds its own name to
/// 127.0.0.1 gets nothing.
/// </summary>
[Integration]
public sealed class HostFilteringTests : ServerTests
{
    [TestCase("localhost")]
    [TestCase("127.0.0.1")]
    public async Task Request_LoopbackHostName_Served(string host)
    {
        using var response = await HostRequests.GetAsync(Server.WebAddress, "/v1/models", $"{host}:{Server.WebAddress.Port}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Request_RebindingHostName_BadRequest()
    {
        using var response = await HostRequests.GetAsync(Server.WebAddress, "/v1/models", $"attacker.example:{Server.WebAddress.Port}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
