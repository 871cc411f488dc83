using Google.Protobuf;
using Grpc.Core;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>Whole-file transcription over real gRPC.</summary>
[Integration]
public sealed class TranscribeTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Stt:Api:MaxFileBytes"] = "2000000", ["Stt:Api:MaxFileSeconds"] = "600" };

    [Test]
    public async Task Transcribe_Wav_ReturnsOrderedSegmentsAndDuration()
    {
        var clip = TestSpeech.Jfk;
        var request = new TranscribeRequest { Content = ByteString.CopyFrom(WavWriter.Write(clip.Samples, 16000)), Language = "en" };

        var response = await Server.Client.TranscribeAsync(request, deadline: DateTime.UtcNow + TestTimeouts.Server);

        Assert.That(response.Duration.ToTimeSpan().TotalSeconds, Is.EqualTo(clip.Duration.TotalSeconds).Within(0.01));
        Assert.That(response.Segments, Is.Not.Empty);
        Assert.That(response.Segments.Select(s => s.Id), Is.Ordered.And.Unique);
        Assert.That(response.Segments.All(s => s.IsFinal), Is.True);
        Assert.That(response.Text, Is.EqualTo(string.Join(' ', response.Segments.Select(s => s.Text))));
        Assert.That(response.Language, Is.EqualTo("en"));
        Assert.That(response.InferenceSeconds, Is.GreaterThan(0));
    }

    [Test]
    public async Task Transcribe_OggOpus_DecodesAndTranscribes()
    {
        var clip = TestSpeech.Jfk;
        var file = OggOpusWriter.Write(OpusEncoding.Encode(clip.Samples));

        var response = await Server.Client.TranscribeAsync(new TranscribeRequest { Content = ByteString.CopyFrom(file) }, deadline: DateTime.UtcNow + TestTimeouts.Server);

        Assert.That(response.Duration.ToTimeSpan().TotalSeconds, Is.EqualTo(clip.Duration.TotalSeconds).Within(0.05));
        Assert.That(response.Segments, Is.Not.Empty);
    }

    [Test]
    public async Task Transcribe_RawOpusPackets_DecodesAndTranscribes()
    {
        var request = new TranscribeRequest { Format = FileFormat.RawOpus, SampleRateHertz = 16000 };
        request.OpusPackets.AddRange(OpusEncoding.Encode(TestSpeech.Jfk.Samples, 16000).Select(ByteString.CopyFrom));

        var response = await Server.Client.TranscribeAsync(request, deadline: DateTime.UtcNow + TestTimeouts.Server);

        Assert.That(response.Segments, Is.Not.Empty);
    }

    [Test]
    public async Task Transcribe_Flac_IsConvertedOnTheServer()
    {
        var flac = await Clients.ClientFiles.FlacAsync();
        if (flac is null || !(Processes.Exists("ffmpeg") || Processes.Exists("flac")))
        {
            Assert.Ignore("needs ffmpeg or flac installed (apt-get install flac) to read FLAC");
        }

        var response = await Server.Client.TranscribeAsync(new TranscribeRequest { Content = ByteString.CopyFrom(await File.ReadAllBytesAsync(flac)) }, deadline: DateTime.UtcNow + TestTimeouts.Server);

        Assert.That(response.Segments, Is.Not.Empty);
        Assert.That(response.Duration.ToTimeSpan().TotalSeconds, Is.GreaterThan(2));
    }

    [Test]
    public async Task Transcribe_Silence_ReturnsNoSegmentsWithoutCallingTheModel()
    {
        var response = await Server.Client.TranscribeAsync(
            new TranscribeRequest { Content = ByteString.CopyFrom(WavWriter.Write(TestSpeech.Silence(5), 16000)) },
            deadline: DateTime.UtcNow + TestTimeouts.Server);

        Assert.That(response.Segments, Is.Empty);
        Assert.That(response.Duration.ToTimeSpan().TotalSeconds, Is.EqualTo(5).Within(0.01));
        Assert.That(response.InferenceSeconds, Is.Zero);
    }

    [Test]
    public async Task Transcribe_OverTheSizeLimit_ResourceExhaustedWithTheLimit()
    {
        var request = new TranscribeRequest { Content = ByteString.CopyFrom(new byte[2_000_001]) };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Server.Client.TranscribeAsync(request, deadline: DateTime.UtcNow + TestTimeouts.Server));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(error.Status.Detail, Does.Contain("2000000"));
    }

    [Test]
    public async Task Transcribe_OneRealAndMillionEmptyOpusPackets_InvalidArgumentNamingTheLimit()
    {
        // 2 MB on the wire (empty packets count 0 bytes towards MaxFileBytes) that would conceal 20,000 s of audio.
        var request = new TranscribeRequest { Format = FileFormat.RawOpus };
        request.OpusPackets.Add(ByteString.CopyFrom(OpusEncoding.Encode(TestSpeech.Jfk.Samples)[0]));
        request.OpusPackets.AddRange(Enumerable.Repeat(ByteString.Empty, 1_000_000));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Server.Client.TranscribeAsync(request, deadline: DateTime.UtcNow + TestTimeouts.Server));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Is.EqualTo("the file decodes to more than 600 s of audio; the limit is 600 s (Stt:Api:MaxFileSeconds)"));
    }

    [Test]
    public async Task Transcribe_NeitherWavNorOgg_InvalidArgumentNamingTheFormats()
    {
        var request = new TranscribeRequest { Content = ByteString.CopyFromUtf8("this is audio, honestly") };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Server.Client.TranscribeAsync(request, deadline: DateTime.UtcNow + TestTimeouts.Server));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain("WAV").And.Contain("Ogg Opus"));
    }

    [Test]
    public async Task Transcribe_TruncatedWav_InvalidArgumentSayingTruncated()
    {
        var wav = WavWriter.Write(TestSpeech.Jfk.Samples, 16000);
        var request = new TranscribeRequest { Content = ByteString.CopyFrom(wav, 0, wav.Length / 3) };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Server.Client.TranscribeAsync(request, deadline: DateTime.UtcNow + TestTimeouts.Server));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain("truncated"));
    }

    [Test]
    public async Task Transcribe_UnknownLanguage_InvalidArgument()
    {
        var request = new TranscribeRequest { Content = ByteString.CopyFrom(WavWriter.Write(TestSpeech.Silence(1), 16000)), Language = "xx" };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Server.Client.TranscribeAsync(request, deadline: DateTime.UtcNow + TestTimeouts.Server));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain("language 'xx'"));
    }
}
