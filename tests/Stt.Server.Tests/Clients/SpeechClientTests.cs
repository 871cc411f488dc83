using Grpc.Core;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Clients;

/// <summary>The C# client library against the real server.</summary>
[Integration]
public sealed class SpeechClientTests : ServerTests
{
    [Test]
    public async Task StreamAsync_FastPacing_YieldsEventsFinalsAndSummary()
    {
        using var client = new SpeechClient(Server.GrpcAddress);
        var responses = new List<StreamingTranscribeResponse>();

        await foreach (var response in client.StreamAsync(TestSpeech.Jfk.Samples, new SpeechStreamOptions { Pacing = Pacing.AsFastAsPossible, Language = "en" }).WithCancellation(new CancellationTokenSource(TestTimeouts.Server).Token))
        {
            responses.Add(response);
        }

        Assert.That(responses.Where(r => r.Segment is { IsFinal: true }), Is.Not.Empty);
        Assert.That(responses.Any(r => r.SpeechEvent is not null), Is.True);
        Assert.That(responses[^1].Summary.AudioSeconds, Is.EqualTo(TestSpeech.Jfk.Duration.TotalSeconds).Within(0.05));
    }

    [Test]
    public async Task StreamAsync_LiveSourceInOddChunks_YieldsFinalsAndASummaryOfAllItsAudio()
    {
        using var client = new SpeechClient(Server.GrpcAddress);
        var samples = TestSpeech.Jfk.Samples;
        var responses = new List<StreamingTranscribeResponse>();

        await foreach (var response in client.StreamAsync(Chunks(samples, 333), new SpeechStreamOptions { Pacing = Pacing.AsFastAsPossible }).WithCancellation(new CancellationTokenSource(TestTimeouts.Server).Token))
        {
            responses.Add(response);
        }

        Assert.That(responses.Where(r => r.Segment is { IsFinal: true }), Is.Not.Empty);
        Assert.That(responses[^1].Summary.AudioSeconds, Is.EqualTo(TestSpeech.Jfk.Duration.TotalSeconds).Within(0.021), "the last packet padded to 20 ms");
    }

    [Test]
    public async Task StreamAsync_LiveSourceFails_PassesItsErrorOn()
    {
        using var client = new SpeechClient(Server.GrpcAddress);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in client.StreamAsync(Failing(Chunks(TestSpeech.Jfk.Samples, 1600), after: 5), new SpeechStreamOptions()).WithCancellation(new CancellationTokenSource(TestTimeouts.Server).Token))
            {
            }
        });

        Assert.That(error!.Message, Is.EqualTo("the microphone is gone"));
    }

    [Test]
    public async Task StreamAsync_Cancelled_StopsTheCall()
    {
        using var client = new SpeechClient(Server.GrpcAddress);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync(Is.InstanceOf<Exception>(), async () =>
        {
            await foreach (var _ in client.StreamAsync(TestSpeech.Jfk.Samples, new SpeechStreamOptions { Pacing = Pacing.RealTime }, cancel.Token))
            {
            }
        });

        Assert.That(error, Is.InstanceOf<OperationCanceledException>().Or.InstanceOf<RpcException>().With.Property("StatusCode").EqualTo(StatusCode.Cancelled));
    }

    [Test]
    public async Task TranscribeFileAsync_Wav_ReturnsSegments()
    {
        using var client = new SpeechClient(Server.GrpcAddress);

        var response = await client.TranscribeFileAsync(ClientFiles.Wav).WaitAsync(TestTimeouts.Server);

        Assert.That(response.Segments, Is.Not.Empty);
    }

    [Test]
    public async Task TranscribeFileAsync_Mp3_ReturnsSegmentsOfTheWholeFile()
    {
        using var client = new SpeechClient(Server.GrpcAddress);

        var response = await client.TranscribeFileAsync(Mp3Fixtures.Stereo44k).WaitAsync(TestTimeouts.Server);

        Assert.That(response.Duration.ToTimeSpan().TotalSeconds, Is.EqualTo(Mp3Fixtures.SpeechDuration.TotalSeconds).Within(0.1));
        Assert.That(response.Segments, Is.Not.Empty);
    }

    [Test]
    public async Task TranscribeFileAsync_Flac_IsConvertedAndTranscribed()
    {
        var flac = await ClientFiles.FlacAsync();
        if (flac is null || !(Processes.Exists("ffmpeg") || Processes.Exists("flac")))
        {
            Assert.Ignore("needs ffmpeg or flac installed (apt-get install flac) to read FLAC");
        }

        using var client = new SpeechClient(Server.GrpcAddress);

        var response = await client.TranscribeFileAsync(flac).WaitAsync(TestTimeouts.Server);

        Assert.That(response.Duration.ToTimeSpan().TotalSeconds, Is.GreaterThan(2));
        Assert.That(response.Segments, Is.Not.Empty);
    }

    [Test]
    public async Task GetServerInfoAsync_DnsAddress_CallsTheAddressesTheNameResolvesTo()
    {
        // localhost resolves to 127.0.0.1 (where the server listens) and often ::1 (where nothing does): round_robin
        // uses the addresses it can connect to.
        using var client = new SpeechClient(new Uri($"dns:///localhost:{Server.GrpcAddress.Port}"));

        var info = await client.GetServerInfoAsync().WaitAsync(TestTimeouts.Server);

        Assert.That(info.Model.Name, Is.Not.Empty);
    }

    [Test]
    public async Task GetServerInfoAsync_NothingListening_FailsUnavailableAfterRetries()
    {
        using var client = new SpeechClient(new Uri("http://127.0.0.1:1"), new SpeechClientOptions { MaxAttempts = 2 });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.GetServerInfoAsync().WaitAsync(TestTimeouts.Server));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }

    /// <summary>A live source: the samples in chunks of <paramref name="size"/>, handed out as a capture callback would.</summary>
    private static async IAsyncEnumerable<float[]> Chunks(float[] samples, int size)
    {
        for (var at = 0; at < samples.Length; at += size)
        {
            await Task.Yield();
            yield return samples[at..Math.Min(samples.Length, at + size)];
        }
    }

    private static async IAsyncEnumerable<float[]> Failing(IAsyncEnumerable<float[]> source, int after)
    {
        var count = 0;
        await foreach (var chunk in source)
        {
            if (++count > after)
            {
                throw new InvalidOperationException("the microphone is gone");
            }

            yield return chunk;
        }
    }
}
