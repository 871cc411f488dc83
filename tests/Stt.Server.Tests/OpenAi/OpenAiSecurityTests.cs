using Stt.Core.Security;
using Stt.Server.Tests.Clients;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.OpenAi;

/// <summary>The OpenAI routes on a server with API keys and a small file limit, through the official openai SDK.</summary>
[Integration]
public sealed class OpenAiSecurityTests : ServerTests
{
    private const int MaxFileBytes = 200_000;
    private static readonly string Key = ApiKeys.NewKey();

    /// <summary>Two seconds of jfk: under the file limit.</summary>
    private static readonly Lazy<string> ShortWav = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"stt-openai-short-{Environment.ProcessId}.wav");
        File.WriteAllBytes(path, WavWriter.Write(TestSpeech.Jfk.Samples[..(16000 * 2)], 16000));
        return path;
    });

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Auth:ApiKeys:0"] = ApiKeys.Digest(Key),
        ["Stt:Api:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Test]
    public async Task TranscriptionsCreate_ValidKey_Transcribes()
    {
        var reply = await OpenAiSdk.RunAsync("transcribe", Server.WebAddress, Key, ["--file", ShortWav.Value]).WaitAsync(TestTimeouts.Long);

        Assert.That(reply.GetProperty("result").GetProperty("usage").GetProperty("seconds").GetDouble(), Is.EqualTo(2).Within(0.01));
    }

    [Test]
    public async Task TranscriptionsCreate_WrongKey_AuthenticationError()
    {
        var reply = await OpenAiSdk.RunAsync("transcribe", Server.WebAddress, ApiKeys.NewKey(), ["--file", ShortWav.Value]).WaitAsync(TestTimeouts.Long);

        var (error, status, body) = OpenAiSdk.Failure(reply);
        Assert.That((error, status, body.GetProperty("code").GetString()), Is.EqualTo(("AuthenticationError", 401, "invalid_api_key")));
        Assert.That(body.GetProperty("message").GetString(), Does.Contain("API key"));
    }

    [Test]
    public async Task ModelsList_NoKey_TheSameAnswerAsAWrongKey()
    {
        var missing = OpenAiSdk.Failure(await OpenAiSdk.RunAsync("models", Server.WebAddress, "-").WaitAsync(TestTimeouts.Long));
        var wrong = OpenAiSdk.Failure(await OpenAiSdk.RunAsync("models", Server.WebAddress, ApiKeys.NewKey()).WaitAsync(TestTimeouts.Long));

        Assert.That((missing.Error, missing.Status), Is.EqualTo(("AuthenticationError", 401)));
        Assert.That(missing.Body.ToString(), Is.EqualTo(wrong.Body.ToString()), "nothing says which it was");
    }

    [Test]
    public async Task TranscriptionsCreate_FileOverTheLimit_413NamingTheLimit()
    {
        var reply = await OpenAiSdk.RunAsync("transcribe", Server.WebAddress, Key, ["--file", ClientFiles.Wav]).WaitAsync(TestTimeouts.Long);

        var (_, status, body) = OpenAiSdk.Failure(reply);
        Assert.That((status, body.GetProperty("code").GetString(), body.GetProperty("param").GetString()), Is.EqualTo((413, "file_too_large", "file")));
        Assert.That(body.GetProperty("message").GetString(), Does.Contain(MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
