using Google.Protobuf;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>MP3 uploads on a server that starts no external converter: decoded in process, as where ffmpeg is absent.</summary>
[Integration]
public sealed class Mp3UploadTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Stt:Api:ConvertOtherFormats"] = "false" };

    [TestCase("speech-44k-stereo.mp3")]
    [TestCase("speech-16k-mono.mp3")]
    public async Task Transcribe_Mp3WithoutConverter_DecodesInProcessAndTranscribes(string name)
    {
        var path = name.Contains("stereo") ? Mp3Fixtures.Stereo44k : Mp3Fixtures.Mono16k;
        var request = new TranscribeRequest { Content = ByteString.CopyFrom(await File.ReadAllBytesAsync(path)) };

        var response = await Server.Client.TranscribeAsync(request, deadline: DateTime.UtcNow + TestTimeouts.Server);

        Assert.That(response.Duration.ToTimeSpan().TotalSeconds, Is.EqualTo(Mp3Fixtures.SpeechDuration.TotalSeconds).Within(0.1));
        Assert.That(response.Segments, Is.Not.Empty);
    }
}
