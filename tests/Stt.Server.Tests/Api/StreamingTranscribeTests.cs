using Google.Protobuf;
using Stt.Client;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>Live streams over real HTTP/2 gRPC, at real-time pace, through the real engine on the synthetic model.</summary>
[Integration]
public sealed class StreamingTranscribeTests : ServerTests
{
    [Test]
    public async Task StreamingTranscribe_RealSpeechAtRealTime_InterimsDuringSpeechThenOrderedFinals()
    {
        var clip = TestSpeech.Jfk;
        var packets = OpusEncoding.Encode(clip.Samples);
        var config = StreamRun.OpusConfig();

        var run = await StreamRun.OpusAsync(Server.Client, packets, config, Pacing.RealTime).WaitAsync(TestTimeouts.Slow);

        var finals = run.Finals.ToList();
        var lastFinalAt = run.Responses.Last(r => r.Response.Segment is { IsFinal: true }).At;
        var firstSpeech = run.Responses.Select(r => r.Response.SpeechEvent).First(e => e is not null);
        var firstInterim = run.Interims.FirstOrDefault();
        TestContext.Out.WriteLine($"{clip.Source}, {clip.Duration.TotalSeconds:F1} s: {run.Interims.Count()} interims, {finals.Count} finals");
        TestContext.Out.WriteLine($"speech started at {firstSpeech.Offset.ToTimeSpan().TotalSeconds:F2} s (audio time); first interim at {firstInterim.At.TotalSeconds:F2} s (wall)");
        TestContext.Out.WriteLine($"last audio sent at {run.LastAudioSentAt.TotalSeconds:F2} s, last final at {lastFinalAt.TotalSeconds:F2} s: final latency {(lastFinalAt - run.LastAudioSentAt).TotalMilliseconds:F0} ms");

        Assert.That(run.Responses.Select(r => r.Response.ClientRequestId), Has.All.EqualTo(config.ClientRequestId));
        Assert.That(run.Interims.Any(i => i.At < run.LastAudioSentAt), Is.True, "interims arrive while audio is still flowing");
        Assert.That(finals, Is.Not.Empty);
        Assert.That(finals.Select(f => f.Id), Is.EqualTo(Enumerable.Range(1, finals.Count).Select(i => (uint)i)), "final ids increase 1, 2, 3...");
        for (var i = 1; i < finals.Count; i++)
        {
            Assert.That(finals[i].Start.ToTimeSpan(), Is.GreaterThanOrEqualTo(finals[i - 1].End.ToTimeSpan()), "finals do not overlap");
        }

        Assert.That(finals[0].Start.ToTimeSpan(), Is.LessThan(TimeSpan.FromSeconds(1.5)), "the finals cover the speech from its start");
        Assert.That(finals[^1].End.ToTimeSpan(), Is.GreaterThan(clip.Duration - TimeSpan.FromSeconds(2.5)), "...to its end");
        Assert.That(finals.Select(f => f.End.ToTimeSpan()), Has.All.LessThanOrEqualTo(clip.Duration));
        Assert.That(run.Summary, Is.Not.Null);
        Assert.That(run.Summary!.AudioSeconds, Is.EqualTo(clip.Duration.TotalSeconds).Within(0.05), "the summary counts all audio");
        Assert.That(run.Summary.FinalSegments, Is.EqualTo((uint)finals.Count));
        Assert.That(run.Summary.PacketsReceived, Is.EqualTo((uint)packets.Count));
        Assert.That(run.Summary.PacketsConcealed, Is.Zero);
        Assert.That(run.Responses[^1].Response.Summary, Is.Not.Null, "the summary is the last message");
    }

    [Test]
    public async Task StreamingTranscribe_EightConcurrentRealTimeStreams_AllCompleteInOrder()
    {
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples);

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            StreamRun.OpusAsync(Server.Client, packets, StreamRun.OpusConfig(), Pacing.RealTime, packetsPerMessage: 5))).WaitAsync(TestTimeouts.Slow);

        foreach (var run in runs)
        {
            var finals = run.Finals.ToList();
            TestContext.Out.WriteLine($"summary: {run.Summary}");
            Assert.That(finals, Is.Not.Empty);
            Assert.That(finals.Select(f => f.Id), Is.Ordered.And.Unique);
            Assert.That(run.Summary!.AudioSeconds, Is.EqualTo(TestSpeech.Jfk.Duration.TotalSeconds).Within(0.05));
        }

        var latencies = runs.Select(r => (r.Responses.Last(x => x.Response.Segment is { IsFinal: true }).At - r.LastAudioSentAt).TotalMilliseconds).Order().ToList();
        TestContext.Out.WriteLine($"8 streams: last-final latency after end of audio, ms: {string.Join(", ", latencies.Select(l => l.ToString("F0")))}");
    }

    [Test]
    public async Task StreamingTranscribe_Linear16Stereo44100_IsDownmixedAndResampled()
    {
        var clip = TestSpeech.Jfk;
        var stereo = WavWriter.Write(Upsampler.From16k(clip.Samples, 44100), 44100, channels: 2);
        var pcm = stereo.AsMemory(44);
        var chunks = new List<(StreamingTranscribeRequest, TimeSpan)>();
        for (var i = 0; i < pcm.Length; i += 17_641) // deliberately not frame-aligned
        {
            var chunk = pcm.Slice(i, Math.Min(17_641, pcm.Length - i));
            chunks.Add((new StreamingTranscribeRequest { Audio = new AudioChunk { Linear16 = ByteString.CopyFrom(chunk.Span) } }, TimeSpan.Zero));
        }

        var config = new StreamingConfig { Encoding = AudioEncoding.Linear16, SampleRateHertz = 44100, Channels = 2, Language = "en" };
        var run = await StreamRun.RunAsync(Server.Client, config, chunks, Pacing.AsFastAsPossible).WaitAsync(TestTimeouts.Slow);

        Assert.That(run.Finals, Is.Not.Empty);
        Assert.That(run.Summary!.AudioSeconds, Is.EqualTo(clip.Duration.TotalSeconds).Within(0.05));
        Assert.That(run.Interims, Is.Empty, "interims were not asked for");
    }

    [Test]
    public async Task StreamingTranscribe_WordTimestamps_WordsInsideTheirSegment()
    {
        var config = StreamRun.OpusConfig(interims: false);
        config.WordTimestamps = true;

        var run = await StreamRun.OpusAsync(Server.Client, OpusEncoding.Encode(TestSpeech.Jfk.Samples), config, Pacing.AsFastAsPossible, packetsPerMessage: 50).WaitAsync(TestTimeouts.Slow);

        var finals = run.Finals.ToList();
        Assert.That(finals.SelectMany(f => f.Words), Is.Not.Empty);
        foreach (var final in finals)
        {
            Assert.That(final.Words.Select(w => w.Start.ToTimeSpan()), Has.All.GreaterThanOrEqualTo(final.Start.ToTimeSpan() - TimeSpan.FromSeconds(1)));
        }
    }
}
