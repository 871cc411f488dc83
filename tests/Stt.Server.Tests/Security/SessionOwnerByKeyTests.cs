using Grpc.Core.Interceptors;
using Stt.Core.Security;
using Stt.V1;

namespace Stt.Server.Tests.Security;

/// <summary>With API keys, a session belongs to the key that opened it.</summary>
public sealed class SessionOwnerByKeyTests : SessionOwnerTests
{
    private static readonly string OwnerKey = ApiKeys.NewKey();
    private static readonly string OtherKey = ApiKeys.NewKey();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Auth:ApiKeys:0"] = ApiKeys.Digest(OwnerKey),
        ["Stt:Auth:ApiKeys:1"] = ApiKeys.Digest(OtherKey),
    };

    protected override SpeechToText.SpeechToTextClient OwnerClient() => WithKey(OwnerKey);

    protected override SpeechToText.SpeechToTextClient OtherClient() => WithKey(OtherKey);

    private SpeechToText.SpeechToTextClient WithKey(string key) => new(Server.WebChannel().Intercept(metadata =>
    {
        metadata.Add("authorization", $"Bearer {key}");
        return metadata;
    }));
}
