using System.Net;
using Stt.V1;

namespace Stt.Server.Tests.Security;

/// <summary>Without API keys, a session belongs to the client address that opened it (127.0.0.1; the other caller is 127.0.0.2).</summary>
public sealed class SessionOwnerByAddressTests : SessionOwnerTests
{
    protected override SpeechToText.SpeechToTextClient OwnerClient() => new(Server.WebChannel());

    protected override SpeechToText.SpeechToTextClient OtherClient() => new(Server.WebChannel(IPAddress.Parse("127.0.0.2")));
}
