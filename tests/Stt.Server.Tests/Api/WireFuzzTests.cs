using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>
/// The server fed garbage at the wire (random bytes as gRPC messages, invalid UTF-8 in strings) and through the
/// session input path (random configs, random Opus packets and PCM): every call ends with a gRPC status, the
/// statuses are the documented ones, and the server keeps serving with no stream left open.
/// </summary>
[Integration]
public sealed class WireFuzzTests : ServerTests
{
    private static readonly int Seed = Environment.TickCount;

    private static readonly string[] Methods = ["Transcribe", "StreamingTranscribe", "OpenSession", "PushAudio", "GetServerInfo"];

    [Test]
    public async Task RandomMessageBytes_EveryCallGetsAStatus_ServerKeepsServing()
    {
        var random = new Random(Seed);
        using var http = new HttpClient();
        var statuses = new Dictionary<string, int>();
        for (var i = 0; i < 300; i++)
        {
            var payload = new byte[random.Next(0, 2048)];
            random.NextBytes(payload);
            var method = Methods[i % Methods.Length];
            var status = await PostAsync(http, method, payload);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }

        TestContext.Out.WriteLine($"seed {Seed}: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}")));

        // Unary and server-streaming requests are parsed by the gRPC framework before any service code runs: it
        // answers UNKNOWN. Messages of a client stream are parsed by our reader: INVALID_ARGUMENT.
        Assert.That(statuses.Keys, Is.SubsetOf(new[] { "OK", "InvalidArgument", "NotFound", "Unknown", "ResourceExhausted" }));
        await AssertStillServingAsync();
    }

    [Test]
    public async Task InvalidUtf8InThePrompt_RefusedAndServerKeepsServing()
    {
        // TranscribeRequest field 8 (prompt), wire type 2, with bytes that are not UTF-8.
        byte[] message = [(8 << 3) | 2, 3, 0xC3, 0x28, 0xFF];
        using var http = new HttpClient();

        var status = await PostAsync(http, "Transcribe", message);

        TestContext.Out.WriteLine($"invalid UTF-8 prompt: {status}");
        Assert.That(status, Is.AnyOf("InvalidArgument", "Unknown"));
        await AssertStillServingAsync();
    }

    [Test]
    public async Task RandomSessionInput_OnlyDocumentedStatuses_NoStreamLeftOpen()
    {
        var random = new Random(Seed);
        var statuses = new Dictionary<StatusCode, int>();
        var calls = Enumerable.Range(0, 60).Select(async i =>
        {
            var status = await RandomStreamAsync(new Random(Seed + i));
            lock (statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
        });
        await Task.WhenAll(calls);

        TestContext.Out.WriteLine($"seed {Seed}: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}")));
        Assert.That(statuses.Keys, Is.SubsetOf(new[] { StatusCode.OK, StatusCode.InvalidArgument, StatusCode.ResourceExhausted }));
        await AssertStillServingAsync();
        await Eventually.TrueAsync(
            async cancellationToken => (await Server.Client.GetServerInfoAsync(new GetServerInfoRequest(), cancellationToken: cancellationToken)).Load.ActiveStreams == 0,
            TimeSpan.FromSeconds(20),
            () => "streams still active");
    }

    private async Task<StatusCode> RandomStreamAsync(Random random)
    {
        var encodings = new[] { AudioEncoding.Opus, AudioEncoding.Linear16, AudioEncoding.Unspecified, (AudioEncoding)random.Next(-5, 50) };
        var rates = new[] { 8000, 16000, 48000, 44100, 0, -1, random.Next(), int.MaxValue };
        var config = new StreamingConfig
        {
            Encoding = encodings[random.Next(encodings.Length)],
            SampleRateHertz = rates[random.Next(rates.Length)],
            Channels = random.Next(-1, 4),
            Language = new[] { "en", string.Empty, "auto", "xx", "english", new string('e', 300) }[random.Next(6)],
            InterimResults = random.Next(2) == 0,
            Prompt = random.Next(4) == 0 ? new string('p', random.Next(2000)) : string.Empty,
        };
        var messages = new List<(StreamingTranscribeRequest, TimeSpan)>();
        for (var m = 0; m < random.Next(0, 40); m++)
        {
            AudioChunk audio;
            if (random.Next(2) == 0)
            {
                audio = OpusMessages.ChunkOf(Enumerable.Range(0, random.Next(0, 6)).Select(_ => RandomBytes(random, random.Next(0, 1400))));
            }
            else
            {
                audio = new AudioChunk { Linear16 = ByteString.CopyFrom(RandomBytes(random, random.Next(0, 9000))) };
            }

            messages.Add((new StreamingTranscribeRequest { Audio = audio }, TimeSpan.Zero));
        }

        try
        {
            await StreamRun.RunAsync(Server.Client, config, messages, Pacing.AsFastAsPossible);
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode; // the call's own status: StreamRun reports it, not a write that lost the race
        }
    }

    private async Task<string> PostAsync(HttpClient http, string method, byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.GrpcAddress, $"/stt.v1.SpeechToText/{method}"))
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        var code = response.Headers.TryGetValues("grpc-status", out var inHeaders) ? inHeaders.First()
            : response.TrailingHeaders.TryGetValues("grpc-status", out var inTrailers) ? inTrailers.First()
            : "none";
        return code == "none" ? code : ((StatusCode)int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)).ToString();
    }

    private async Task AssertStillServingAsync()
    {
        var health = await new Health.HealthClient(Server.Channel()).CheckAsync(new HealthCheckRequest());
        Assert.That(health.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples[..(16000 * 3)]);
        var run = await StreamRun.OpusAsync(Server.Client, packets, StreamRun.OpusConfig(interims: false), Pacing.AsFastAsPossible, packetsPerMessage: 10);
        Assert.That(run.Summary, Is.Not.Null, "a well-formed stream is still served");
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
