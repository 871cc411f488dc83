using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
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

    /// <summary>Sends the config, then one message per <paramref name="packetsPerMessage"/> packets, paced at real time when asked.</summary>
    public static async Task<StreamRun> OpusAsync(
        SpeechToText.SpeechToTextClient client,
        IReadOnlyList<byte[]> packets,
        StreamingConfig config,
        bool realTime,
        int packetsPerMessage = 1,
        CancellationToken cancellationToken = default)
    {
        var messages = packets.Chunk(packetsPerMessage)
            .Select(chunk => (OpusMessage(chunk), TimeSpan.FromMilliseconds(20 * chunk.Length)))
            .ToList();
        return await RunAsync(client, config, messages, realTime, cancellationToken);
    }

    public static async Task<StreamRun> RunAsync(
        SpeechToText.SpeechToTextClient client,
        StreamingConfig config,
        IReadOnlyList<(StreamingTranscribeRequest Message, TimeSpan Duration)> audio,
        bool realTime,
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
            await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = config }, cancellationToken);
            var due = TimeSpan.Zero;
            foreach (var (message, duration) in audio)
            {
                if (realTime && due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancellationToken);
                }

                await call.RequestStream.WriteAsync(message, cancellationToken);
                due += duration;
            }

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

    /// <summary>An audio message carrying these Opus packets.</summary>
    public static StreamingTranscribeRequest OpusMessage(IEnumerable<byte[]> packets)
    {
        var opus = new OpusPackets();
        opus.Packets.AddRange(packets.Select(ByteString.CopyFrom));
        return new StreamingTranscribeRequest { Audio = new AudioChunk { Opus = opus } };
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
