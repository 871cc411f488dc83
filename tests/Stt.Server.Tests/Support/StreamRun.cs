using System.Diagnostics;
using Grpc.Core;
using Stt.Client;
using Stt.V1;

namespace Stt.Server.Tests.Support;

/// <summary>Drives one StreamingTranscribe call the way a live client does and records what came back, and when.</summary>
public sealed class StreamRun
{
    public List<(StreamingTranscribeResponse Response, TimeSpan At)> Responses { get; } = [];

    /// <summary>When the last audio message was sent, from the start of the call.</summary>
    public TimeSpan LastAudioSentAt { get; private set; }

    public IEnumerable<Segment> Finals => Responses.Select(r => r.Response).Where(r => r.Segment is { IsFinal: true }).Select(r => r.Segment);

    public IEnumerable<(Segment Segment, TimeSpan At)> Interims =>
        Responses.Where(r => r.Response.Segment is { IsFinal: false }).Select(r => (r.Response.Segment, r.At));

    public SessionSummary? Summary => Responses.Select(r => r.Response.Summary).LastOrDefault(s => s is not null);

    /// <summary>Sends the config, then one message per <paramref name="packetsPerMessage"/> packets, paced as asked.</summary>
    public static async Task<StreamRun> OpusAsync(
        SpeechToText.SpeechToTextClient client,
        IReadOnlyList<byte[]> packets,
        StreamingConfig config,
        Pacing pacing,
        int packetsPerMessage = 1,
        CancellationToken cancellationToken = default) =>
        await RunAsync(client, config, OpusMessages.Chunk(packets, packetsPerMessage).ToList(), pacing, cancellationToken);

    public static async Task<StreamRun> RunAsync(
        SpeechToText.SpeechToTextClient client,
        StreamingConfig config,
        IReadOnlyList<(StreamingTranscribeRequest Message, TimeSpan Duration)> audio,
        Pacing pacing,
        CancellationToken cancellationToken = default)
    {
        var run = new StreamRun();
        var clock = Stopwatch.StartNew();
        using var call = client.StreamingTranscribe(cancellationToken: cancellationToken);
        var receiving = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                lock (run.Responses)
                {
                    run.Responses.Add((response, clock.Elapsed));
                }
            }
        }, cancellationToken);

        try
        {
            var sender = new PacedAudioSender(pacing);
            await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = config }, cancellationToken);
            await sender.SendAsync(call.RequestStream, audio, cancellationToken);
            run.LastAudioSentAt = clock.Elapsed;
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // A write that the server's end of the call beat fails on this side as CANCELLED: the call's own
            // status (a refusal, say) is what the response stream ends with.
            await receiving;
            throw;
        }

        await receiving;
        return run;
    }

    public static StreamingConfig OpusConfig(bool interims = true, int sampleRate = 48000) => new()
    {
        Encoding = AudioEncoding.Opus,
        SampleRateHertz = sampleRate,
        Channels = 1,
        Language = "en",
        InterimResults = interims,
        ClientRequestId = "test-" + Guid.NewGuid().ToString("N")[..8],
    };
}
