using System.Text.Json;
using Stt.Server.Tests.Clients;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.OpenAi;

/// <summary>POST /v1/audio/transcriptions, /v1/audio/translations and GET /v1/models through the official openai SDK.</summary>
[Integration]
public sealed class OpenAiAudioTests : ServerTests
{
    [Test]
    public async Task TranscriptionsCreate_EveryResponseFormat_TheSameTranscriptInEachShape()
    {
        var json = await TranscribeAsync("--format", "json");
        var text = (await TranscribeAsync("--format", "text")).GetString();
        var srt = (await TranscribeAsync("--format", "srt")).GetString();
        var vtt = (await TranscribeAsync("--format", "vtt")).GetString();
        var verbose = await TranscribeAsync("--format", "verbose_json");

        var transcript = json.GetProperty("text").GetString()!;
        var segments = verbose.GetProperty("segments").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(transcript, Is.Not.Empty, "jfk.wav makes text, even with random weights");
            Assert.That(json.GetProperty("usage").GetProperty("seconds").GetDouble(), Is.EqualTo(TestSpeech.Jfk.Duration.TotalSeconds).Within(0.05));
            Assert.That(text, Is.EqualTo(transcript + "\n"));
            Assert.That(srt, Does.StartWith("1\n").And.Match(@"\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n"));
            Assert.That(vtt, Does.StartWith("WEBVTT\n\n").And.Match(@"\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\n"));
            Assert.That(Cues(srt!), Is.EqualTo(segments.Select(s => s.GetProperty("text").GetString())), "one cue per segment");
            Assert.That(Cues(vtt!), Is.EqualTo(segments.Select(s => s.GetProperty("text").GetString())));
            Assert.That(verbose.GetProperty("task").GetString(), Is.EqualTo("transcribe"));
            Assert.That(verbose.GetProperty("text").GetString(), Is.EqualTo(transcript));
            Assert.That(verbose.GetProperty("duration").GetDouble(), Is.EqualTo(TestSpeech.Jfk.Duration.TotalSeconds).Within(0.05));
            Assert.That(verbose.GetProperty("language").GetString(), Is.Not.Empty);
            Assert.That(verbose.TryGetProperty("words", out _), Is.False, "words only when asked for");
            Assert.That(string.Join(' ', segments.Select(s => s.GetProperty("text").GetString())), Is.EqualTo(transcript));
            Assert.That(segments.Select(s => s.GetProperty("id").GetInt32()), Is.EqualTo(Enumerable.Range(0, segments.Count)));
            Assert.That(segments.All(s => s.GetProperty("start").GetDouble() < s.GetProperty("end").GetDouble()), Is.True);
        });
    }

    [Test]
    public async Task TranscriptionsCreate_VerboseJsonWithWordGranularity_ReturnsWordTimings()
    {
        var verbose = await TranscribeAsync("--format", "verbose_json", "--words");

        var words = verbose.GetProperty("words").EnumerateArray().ToList();
        var end = verbose.GetProperty("duration").GetDouble();
        Assert.That(words, Is.Not.Empty);
        Assert.That(words.All(w => w.GetProperty("word").GetString()!.Length > 0), Is.True);
        Assert.That(words.All(w => w.GetProperty("start").GetDouble() <= w.GetProperty("end").GetDouble() && w.GetProperty("end").GetDouble() <= end + 0.01), Is.True);
        Assert.That(verbose.GetProperty("segments").GetArrayLength(), Is.GreaterThan(0), "segments come too");
    }

    [Test]
    public async Task TranscriptionsCreate_Stream_DeltasAsFinalsComeThenDoneWithTheWholeText()
    {
        var whole = (await TranscribeAsync("--format", "json")).GetProperty("text").GetString();

        var reply = await OpenAiSdk.RunAsync("transcribe", Server.WebAddress, "unused", ["--file", ClientFiles.Wav, "--stream"]).WaitAsync(TestTimeouts.Long);

        var events = reply.GetProperty("events").EnumerateArray().ToList();
        var deltas = events.SkipLast(1).ToList();
        Assert.That(deltas, Is.Not.Empty);
        Assert.That(deltas.All(e => e.GetProperty("type").GetString() == "transcript.text.delta"), Is.True);
        Assert.That(events[^1].GetProperty("type").GetString(), Is.EqualTo("transcript.text.done"));
        Assert.That(string.Concat(deltas.Select(e => e.GetProperty("delta").GetString())), Is.EqualTo(events[^1].GetProperty("text").GetString()), "the deltas add up to the text");
        Assert.That(events[^1].GetProperty("text").GetString(), Is.EqualTo(whole), "the same finals as without streaming");
    }

    [Test]
    public async Task TranslationsCreate_Wav_ReturnsText()
    {
        var reply = await OpenAiSdk.RunAsync("translate", Server.WebAddress, "unused", ["--file", ClientFiles.Wav]).WaitAsync(TestTimeouts.Long);

        Assert.That(reply.GetProperty("result").GetProperty("text").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task ModelsList_ServedModelAndWhisper1()
    {
        var reply = await OpenAiSdk.RunAsync("models", Server.WebAddress, "unused").WaitAsync(TestTimeouts.Long);

        var models = reply.GetProperty("result").EnumerateArray().ToList();
        Assert.That(models.Select(m => m.GetProperty("id").GetString()), Is.EquivalentTo(new[] { TestModels.ServerModel, "whisper-1" }));
        Assert.That(models.All(m => m.GetProperty("object").GetString() == "model"), Is.True);
    }

    [Test]
    public async Task ModelsRetrieve_UnknownId_NotFoundError()
    {
        var reply = await OpenAiSdk.RunAsync("models", Server.WebAddress, "unused", ["--id", "gpt-4"]).WaitAsync(TestTimeouts.Long);

        var (error, status, body) = OpenAiSdk.Failure(reply);
        Assert.That((error, status, body.GetProperty("code").GetString()), Is.EqualTo(("NotFoundError", 404, "model_not_found")));
    }

    [Test]
    public async Task TranscriptionsCreate_GarbageFile_BadRequestNamingTheFile()
    {
        var garbage = Path.Combine(Path.GetTempPath(), $"stt-garbage-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(garbage, [.. "RIFF"u8, .. new byte[100], .. Enumerable.Range(0, 5000).Select(i => (byte)(i * 37))]);

        var reply = await OpenAiSdk.RunAsync("transcribe", Server.WebAddress, "unused", ["--file", garbage]).WaitAsync(TestTimeouts.Long);

        var (error, status, body) = OpenAiSdk.Failure(reply);
        Assert.That((error, status), Is.EqualTo(("BadRequestError", 400)));
        Assert.That((body.GetProperty("type").GetString(), body.GetProperty("param").GetString()), Is.EqualTo(("invalid_request_error", "file")));
        Assert.That(body.GetProperty("message").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task TranscriptionsCreate_UnknownResponseFormat_BadRequestNamingIt()
    {
        var reply = await OpenAiSdk.RunAsync("transcribe", Server.WebAddress, "unused", ["--file", ClientFiles.Wav, "--format", "xml"]).WaitAsync(TestTimeouts.Long);

        var (error, status, body) = OpenAiSdk.Failure(reply);
        Assert.That((error, status, body.GetProperty("param").GetString()), Is.EqualTo(("BadRequestError", 400, "response_format")));
        Assert.That(body.GetProperty("message").GetString(), Does.Contain("verbose_json"), "the message lists what works");
    }

    [Test]
    public async Task TranscriptionsCreate_UnknownModel_BadRequestModelNotFound()
    {
        var reply = await OpenAiSdk.RunAsync("transcribe", Server.WebAddress, "unused", ["--file", ClientFiles.Wav, "--model", "whisper-9"]).WaitAsync(TestTimeouts.Long);

        var (error, status, body) = OpenAiSdk.Failure(reply);
        Assert.That((error, status, body.GetProperty("code").GetString()), Is.EqualTo(("BadRequestError", 400, "model_not_found")));
    }

    [Test]
    public async Task TranscriptionsCreate_MissingFile_BadRequestNamingTheFile()
    {
        const string body = "--b0undary\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--b0undary--\r\n";

        var reply = await OpenAiSdk.RunAsync("raw", Server.WebAddress, "unused", ["--content-type", "multipart/form-data; boundary=b0undary", "--body-base64", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(body))]).WaitAsync(TestTimeouts.Long);

        var (error, status, problem) = OpenAiSdk.Failure(reply);
        Assert.That((error, status, problem.GetProperty("param").GetString()), Is.EqualTo(("BadRequestError", 400, "file")));
    }

    [Test]
    public async Task TranscriptionsCreate_BadMultipart_BadRequest()
    {
        var reply = await OpenAiSdk.RunAsync("raw", Server.WebAddress, "unused", ["--content-type", "multipart/form-data; boundary=b0undary", "--body-base64", Convert.ToBase64String("not multipart at all"u8)]).WaitAsync(TestTimeouts.Long);

        var (error, status, body) = OpenAiSdk.Failure(reply);
        Assert.That((error, status), Is.EqualTo(("BadRequestError", 400)));
        Assert.That(body.GetProperty("message").GetString(), Does.Contain("multipart/form-data"));
    }

    private async Task<JsonElement> TranscribeAsync(params string[] arguments)
    {
        var reply = await OpenAiSdk.RunAsync("transcribe", Server.WebAddress, "unused", ["--file", ClientFiles.Wav, .. arguments]).WaitAsync(TestTimeouts.Long);
        Assert.That(reply.TryGetProperty("result", out var result), Is.True, reply.ToString());
        return result;
    }

    /// <summary>The text lines of SubRip or WebVTT cues.</summary>
    private static List<string> Cues(string subtitles) =>
        subtitles.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(cue => cue.Split('\n'))
            .Where(lines => lines.Any(l => l.Contains(" --> ", StringComparison.Ordinal)))
            .Select(lines => string.Join('\n', lines.SkipWhile(l => !l.Contains(" --> ", StringComparison.Ordinal)).Skip(1)))
            .ToList();
}
