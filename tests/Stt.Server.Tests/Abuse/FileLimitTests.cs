using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Stt.Server.Security;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Abuse;

/// <summary>One caller's files in transcription at once are bounded, on every door, so one tenant cannot fill the shared queue.</summary>
[Integration]
public sealed class FileLimitTests : ServerTests
{
    private const string Caller = "127.0.0.1"; // without keys, a caller is its address

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Auth:ConcurrentFilesPerKey"] = "1",
    };

    private static TranscribeRequest Jfk() => new() { Content = ByteString.CopyFrom(WavWriter.Write(TestSpeech.Jfk.Samples, 16000)), Language = "en" };

    [Test]
    public async Task Transcribe_CallerAtItsFileLimit_ResourceExhaustedNamingTheSetting()
    {
        using (Server.Service<CallGuard>().HoldFile(Caller))
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await Server.Client.TranscribeAsync(Jfk(), deadline: DateTime.UtcNow + TestTimeouts.Server));

            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
            Assert.That(error.Status.Detail, Does.Contain("Stt:Auth:ConcurrentFilesPerKey"));
        }

        var response = await Server.Client.TranscribeAsync(Jfk(), deadline: DateTime.UtcNow + TestTimeouts.Server);
        Assert.That(response.Segments, Is.Not.Empty, "the place came back when the other file finished");
    }

    [Test]
    public async Task OpenAiTranscription_CallerAtItsFileLimit_TooManyRequests()
    {
        using var http = new HttpClient { BaseAddress = Server.WebAddress };
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(WavWriter.Write(TestSpeech.Jfk.Samples, 16000)), "file", "jfk.wav" },
            { new StringContent("whisper-1"), "model" },
        };

        using (Server.Service<CallGuard>().HoldFile(Caller))
        {
            using var response = await http.PostAsync("/v1/audio/transcriptions", form).WaitAsync(TestTimeouts.Server);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("file_limit_exceeded").And.Contain("Stt:Auth:ConcurrentFilesPerKey"));
        }
    }
}
