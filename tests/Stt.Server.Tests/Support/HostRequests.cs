namespace Stt.Server.Tests.Support;

/// <summary>A GET whose Host header names what the client chose, not the address it connects to: how a rebinding page or a proxy calls.</summary>
public static class HostRequests
{
    public static async Task<HttpResponseMessage> GetAsync(Uri address, string path, string host)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, path));
        request.Headers.Host = host;
        return await http.SendAsync(request).WaitAsync(Stt.Testing.TestTimeouts.Server);
    }
}
