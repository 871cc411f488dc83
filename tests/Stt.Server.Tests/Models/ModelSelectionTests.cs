using System.Net;
using System.Text.RegularExpressions;
using Grpc.Core;
using Google.Protobuf;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Models;

/// <summary>
/// Several models on one server: the default (the small synthetic model) and allowed ones (the tiny.en-sized synthetic
/// models, q5_1 at 32 MB and q8_0 at 44 MB), named per request on every door, loaded on first use, unloaded when idle
/// or for room in the budget, never while used. Each test starts its own server: what is in memory is the subject.
/// </summary>
[Integration]
public sealed partial class ModelSelectionTests
{
    private const string Q5 = "synthetic-tiny-q5_1";
    private const string Q8 = "synthetic-tiny-q8_0";

    [Test]
    public async Task ConcurrentFirstRequests_ForAnUnloadedModel_LoadItOnceAndRunOnIt()
    {
        await using var server = await SpeechServer.StartAsync(Allowed([Q5]));
        Assert.That(Model(await InfoAsync(server), Q5).Loaded, Is.False, "nothing is loaded before a request names it");

        var files = Enumerable.Range(0, 3).Select(_ => server.Client.TranscribeAsync(Jfk(Q5)).ResponseAsync);
        var stream = StreamRun.OpusAsync(server.Client, OpusEncoding.Encode(TestSpeech.Jfk.Samples), Config(Q5), Pacing.AsFastAsPossible, 5);
        var responses = await Task.WhenAll(files);
        var run = await stream;

        var info = await InfoAsync(server);
        var metrics = await MetricsAsync(server, text => text.Contains($"model=\"{Q5}\"", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.Text), Has.All.Not.Empty);
            Assert.That(run.Finals, Is.Not.Empty);
            Assert.That(Model(info, Q5).Loaded, Is.True);
            Assert.That(Model(info, Q5).AudioState, Is.EqualTo(384), "tiny.en's dimensions, read from the loaded model");
            Assert.That(Value(metrics, "stt_model_loads_total", Q5, "outcome=\"ok\""), Is.EqualTo(1), "four first requests, one load");
            Assert.That(Value(metrics, "stt_inference_pass_duration_seconds_count", Q5, "priority=\"final\""), Is.GreaterThan(0), "passes ran on the model named");
        });
    }

    [Test]
    public async Task UnknownModelOrMalformedConfig_OnEveryDoor_RefusedAndNothingLoaded()
    {
        await using var server = await SpeechServer.StartAsync(Allowed([Q5]));

        var file = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.TranscribeAsync(Jfk("tiny")));
        var stream = await Assert.ThrowsAsync<RpcException>(async () =>
            await StreamRun.OpusAsync(server.Client, OpusEncoding.Encode(TestSpeech.Jfk.Samples[..16000]), Config("../etc/passwd"), Pacing.AsFastAsPossible, 5));
        var session = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = server.Client.OpenSession(new OpenSessionRequest { Config = Config("base") });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });
        var malformed = Config(Q5); // an allowed model, not loaded yet, named by a config that is wrong otherwise
        malformed.SampleRateHertz = 0;
        var badConfig = await Assert.ThrowsAsync<RpcException>(async () =>
            await StreamRun.OpusAsync(server.Client, OpusEncoding.Encode(TestSpeech.Jfk.Samples[..16000]), malformed, Pacing.AsFastAsPossible, 5));
        using var http = new HttpClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(JfkWav), "file", "jfk.wav" }, { new StringContent("large-v3"), "model" } };
        using var openAi = await http.PostAsync(new Uri(server.WebAddress, "/v1/audio/transcriptions"), form);
        var body = await openAi.Content.ReadAsStringAsync();

        var metrics = await MetricsAsync(server, text => text.Contains("stt_calls_total", StringComparison.Ordinal));
        var info = await InfoAsync(server);
        Assert.Multiple(() =>
        {
            Assert.That((badConfig!.StatusCode, badConfig.Status.Detail), Is.EqualTo((StatusCode.InvalidArgument, "config.sample_rate_hertz is required")));
            Assert.That(Model(info, Q5).Loaded, Is.False, "a malformed config is refused before the model it names is loaded");
            foreach (var refusal in new[] { file, stream, session })
            {
                Assert.That(refusal!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
                Assert.That(refusal.Status.Detail, Does.Contain($"'{Q5}'").And.Contain("model"));
            }

            Assert.That(openAi.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body, Does.Contain("model_not_found").And.Contain(Q5));
            Assert.That(metrics, Does.Not.Contain("stt_model_loads_total"), "a name not on the list loads nothing");
        });
    }

    [Test]
    public async Task IdleModel_UnloadedAfterItsTtl_WhileAModelWithAnOpenStreamStays()
    {
        await using var server = await SpeechServer.StartAsync(Allowed([Q5, Q8], ("Stt:Models:IdleUnloadAfter", "00:00:01")));
        await server.Client.TranscribeAsync(Jfk(Q8)); // Q8 loaded, then idle
        using var held = server.Client.StreamingTranscribe();
        await held.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = Config(Q5) });
        await held.RequestStream.WriteAsync(OpusMessages.Of(OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 2)])));
        Assert.That(await held.ResponseStream.MoveNext(CancellationToken.None), Is.True, "the stream is transcribing on Q5");

        // Q8 idle past its TTL is unloaded; Q5, held by the stream all along, is not.
        await Eventually.TrueAsync(async _ => !Model(await InfoAsync(server), Q8).Loaded, TestTimeouts.Server);
        var whileHeld = await InfoAsync(server);
        await held.RequestStream.CompleteAsync();
        while (await held.ResponseStream.MoveNext(CancellationToken.None))
        {
        }

        await Eventually.TrueAsync(async _ => !Model(await InfoAsync(server), Q5).Loaded, TestTimeouts.Server);
        var metrics = await MetricsAsync(server, text => Value(text, "stt_model_evictions_total", Q5, "reason=\"idle\"") == 1);
        Assert.Multiple(() =>
        {
            Assert.That(Model(whileHeld, Q5).Loaded, Is.True, "a model with an open stream is never unloaded");
            Assert.That(Value(metrics, "stt_model_evictions_total", Q8, "reason=\"idle\""), Is.EqualTo(1));
            Assert.That(Model(whileHeld, TestModels.ServerModel).Loaded, Is.True, "the default model is never unloaded");
        });
    }

    [Test]
    public async Task MemoryBudget_AnotherModelUnloadsTheIdleOne_AndIsRefusedWhileTheOtherIsInUse()
    {
        // Room for the default (8 MB) and one of the two, not both.
        await using var server = await SpeechServer.StartAsync(Allowed([Q5, Q8], ("Stt:Models:MemoryBudget", (60L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        await server.Client.TranscribeAsync(Jfk(Q5));
        await server.Client.TranscribeAsync(Jfk(Q8)); // Q5 is idle: unloaded to make room
        var afterSwap = await InfoAsync(server);

        using var held = server.Client.StreamingTranscribe();
        await held.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = Config(Q8) });
        await held.RequestStream.WriteAsync(OpusMessages.Of(OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 2)])));
        Assert.That(await held.ResponseStream.MoveNext(CancellationToken.None), Is.True, "the stream is transcribing on Q8");
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.TranscribeAsync(Jfk(Q5)));
        await held.RequestStream.CompleteAsync();
        while (await held.ResponseStream.MoveNext(CancellationToken.None))
        {
        }

        var metrics = await MetricsAsync(server, text => text.Contains("outcome=\"no_room\"", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(Model(afterSwap, Q5).Loaded, Is.False);
            Assert.That(Model(afterSwap, Q8).Loaded, Is.True);
            Assert.That(Value(metrics, "stt_model_evictions_total", Q5, "reason=\"budget\""), Is.EqualTo(1));
            Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(refused.Status.Detail, Does.Contain("Stt:Models:MemoryBudget"));
            Assert.That(refused.Trailers.GetValue("retry-after"), Is.Not.Null);
        });
    }

    [Test]
    public async Task BrowserSessionAndOpenAiFile_NamingAModel_RunOnIt()
    {
        await using var server = await SpeechServer.StartAsync(Allowed([Q5]));
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples);
        await using (var session = await BrowserSessionRun.OpenAsync(server.Client, Config(Q5, interims: false)))
        {
            foreach (var push in session.Pushes(packets, 50))
            {
                await server.Client.PushAudioAsync(push);
            }

            await session.Receiving;
            Assert.That(session.Finals, Is.Not.Empty);
        }

        using var http = new HttpClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(JfkWav), "file", "jfk.wav" }, { new StringContent(Q5), "model" } };
        using var openAi = await http.PostAsync(new Uri(server.WebAddress, "/v1/audio/transcriptions"), form);
        var models = await http.GetStringAsync(new Uri(server.WebAddress, "/v1/models"));

        var metrics = await MetricsAsync(server, text => Value(text, "stt_calls_total", null, "method=\"OpenSession\"") >= 1);
        Assert.Multiple(() =>
        {
            Assert.That(openAi.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(models, Does.Contain($"\"id\":\"{Q5}\"").And.Contain("\"id\":\"whisper-1\""));
            Assert.That(Value(metrics, "stt_model_loads_total", Q5, "outcome=\"ok\""), Is.EqualTo(1));
            Assert.That(Value(metrics, "stt_inference_pass_duration_seconds_count", Q5, "priority=\"final\""), Is.GreaterThanOrEqualTo(2), "the session's finals and the file's");
        });
    }

    private static readonly byte[] JfkWav = WavWriter.Write(TestSpeech.Jfk.Samples, 16000);

    private static Dictionary<string, string?> Allowed(string[] models, params (string Key, string Value)[] settings)
    {
        var all = models.Select((m, i) => ($"Stt:Models:Allowed:{i}", m)).Concat(settings);
        return all.ToDictionary(s => s.Item1, s => (string?)s.Item2);
    }

    private static StreamingConfig Config(string model, bool interims = true)
    {
        var config = StreamRun.OpusConfig(interims);
        config.Model = model;
        return config;
    }

    private static TranscribeRequest Jfk(string model) => new() { Content = ByteString.CopyFrom(JfkWav), Language = "en", Model = model };

    private static async Task<ServerInfo> InfoAsync(SpeechServer server) =>
        await server.Client.GetServerInfoAsync(new GetServerInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10));

    private static ModelInfo Model(ServerInfo info, string name) => info.Models.Single(m => m.Name == name);

    private static async Task<string> MetricsAsync(SpeechServer server, Func<string, bool> ready)
    {
        using var http = new HttpClient();
        return await Eventually.ReadAsync(
            cancellationToken => http.GetStringAsync(new Uri(server.ManagementAddress, "/metrics"), cancellationToken), ready, TestTimeouts.Server,
            poll: TimeSpan.FromMilliseconds(200)); // the exporter caches a scrape briefly
    }

    /// <summary>The sum of <paramref name="metric"/>'s samples labelled with <paramref name="model"/> (any, when null) and <paramref name="label"/>.</summary>
    private static double Value(string metrics, string metric, string? model, string label) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal)
                && (model is null || line.Contains($"model=\"{model}\"", StringComparison.Ordinal)))
            .Sum(line => double.Parse(SampleValue().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\}\s+([0-9.eE+-]+)")]
    private static partial Regex SampleValue();
}
