using System.Text.Json;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.Browser;

/// <summary>
/// The page in Debian's headless Chromium (driven by playwright-core) against the real server, with a fake
/// microphone playing real speech: live transcription, file upload, history.
/// </summary>
[Browser]
public sealed class BrowserTests : ServerTests
{
    private static readonly string WebDir = Path.Combine(RepositoryPaths.Root, "clients", "web");
    private static readonly string Chromium = "/usr/bin/chromium";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Web:Root"] = Path.Combine(WebDir, "out"),
    };

    [Test]
    public async Task Page_SpeakUploadReload_ShowsLiveTextFileTextAndHistory()
    {
        RequireBrowserTools();
        var clip = TestSpeech.Jfk;
        var work = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser-artifacts");
        Directory.CreateDirectory(work);
        var mic = Path.Combine(work, "mic-48k.wav");
        var upload = Path.Combine(work, "upload.wav");
        await File.WriteAllBytesAsync(mic, WavWriter.Write(Upsampler.From16k(clip.Samples, 48000), 48000));
        await File.WriteAllBytesAsync(upload, WavWriter.Write(clip.Samples, 16000));

        var (exitCode, stdout, stderr) = await Processes.RunAsync(
            "node",
            ["e2e/browser.mjs", "--url", Server.WebAddress.ToString(), "--mic", mic, "--file", upload, "--artifacts", work, "--speech-seconds", clip.Duration.TotalSeconds.ToString("F0")],
            WebDir,
            timeout: TimeSpan.FromMinutes(3));
        foreach (var screenshot in Directory.GetFiles(work, "*.png"))
        {
            TestContext.AddTestAttachment(screenshot);
        }

        TestContext.Out.WriteLine(stderr);
        TestContext.Out.WriteLine(stdout);
        Assert.That(exitCode, Is.Zero, stderr);
        using var result = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        Assert.That(root.GetProperty("firstInterimText").GetString(), Is.Not.Empty, "an interim appeared while speaking");
        var finals = root.GetProperty("liveFinals").EnumerateArray().ToList();
        Assert.That(finals, Is.Not.Empty, "at least one final segment");
        foreach (var final in finals)
        {
            var (start, end) = (final.GetProperty("start").GetDouble(), final.GetProperty("end").GetDouble());
            Assert.That(start, Is.GreaterThanOrEqualTo(0));
            Assert.That(end, Is.GreaterThan(start));
            Assert.That(end, Is.LessThanOrEqualTo(clip.Duration.TotalSeconds + 2), "timestamps inside the clip (plus the capture's start-up)");
        }

        Assert.That(root.GetProperty("offlineState").GetString(), Does.Contain("Keeping the audio"), "the page says what happens to audio while offline");
        Assert.That(finals[^1].GetProperty("end").GetDouble(), Is.GreaterThan(clip.Duration.TotalSeconds - 3), "audio captured while offline was sent later and transcribed");
        Assert.That(root.GetProperty("fileSegments").GetInt32(), Is.GreaterThan(0));
        Assert.That(root.GetProperty("webmStatus").GetString(), Does.Match(@"recording\.webm: 0:0[2-4]\.\d of audio"), "a MediaRecorder WebM/Opus recording of about 3 s decodes");
        Assert.That(root.GetProperty("historyItems").GetInt32(), Is.GreaterThanOrEqualTo(3), "the live, the WAV and the WebM transcripts, after a reload");
        Assert.That(root.GetProperty("consoleErrors").GetArrayLength(), Is.Zero, root.GetProperty("consoleErrors").ToString());
    }

    [Test]
    public async Task Page_SeveralModelsAllowed_OffersThemAndTranscribesAFileOnThePickedOne()
    {
        RequireBrowserTools();
        const string model = "synthetic-tiny-q5_1";
        await using var server = await SpeechServer.StartAsync(new Dictionary<string, string?>(Settings) { ["Stt:Models:Allowed:0"] = model });
        var upload = Path.Combine(TestContext.CurrentContext.WorkDirectory, "models-upload.wav");
        await File.WriteAllBytesAsync(upload, WavWriter.Write(TestSpeech.Jfk.Samples, 16000));

        var (exitCode, stdout, stderr) = await Processes.RunAsync(
            "node", ["e2e/models.mjs", "--url", server.WebAddress.ToString(), "--file", upload, "--model", model], WebDir, timeout: TimeSpan.FromMinutes(2));

        TestContext.Out.WriteLine(stderr);
        TestContext.Out.WriteLine(stdout);
        Assert.That(exitCode, Is.Zero, stderr);
        using var result = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        var info = await server.Client.GetServerInfoAsync(new V1.GetServerInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("pickers").GetInt32(), Is.EqualTo(2), "the live panel and the file panel");
            Assert.That(root.GetProperty("options").EnumerateArray().Select(o => o.GetString()), Is.EqualTo(new[] { $"{TestModels.ServerModel} (default)", $"{model} (loads on first use)" }));
            Assert.That(root.GetProperty("fileStatus").GetString(), Does.Contain("of audio"));
            Assert.That(info.Models.Single(m => m.Name == model).Loaded, Is.True, "the file ran on the model picked");
            Assert.That(root.GetProperty("consoleErrors").GetArrayLength(), Is.Zero, root.GetProperty("consoleErrors").ToString());
        });
    }

    private static void RequireBrowserTools()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Ignore("Chromium is not installed (apt-get install chromium): the browser end-to-end test needs it");
        }

        if (!File.Exists(Path.Combine(WebDir, "out", "index.html")) || !Directory.Exists(Path.Combine(WebDir, "node_modules", "playwright-core")))
        {
            Assert.Ignore("the web page is not built (npm ci && npm run build in clients/web; dotnet build does it when npm is installed)");
        }
    }
}
