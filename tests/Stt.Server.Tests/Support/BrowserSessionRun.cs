using Grpc.Core;
using Stt.Client;
using Stt.V1;

namespace Stt.Server.Tests.Support;

/// <summary>A browser-style session: results on an OpenSession stream, audio by PushAudio calls.</summary>
public sealed class BrowserSessionRun : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<StreamingTranscribeResponse> _results;
    private readonly CancellationTokenSource _stop = new();

    private BrowserSessionRun(SpeechToText.SpeechToTextClient client, AsyncServerStreamingCall<StreamingTranscribeResponse> results, string id)
    {
        Client = client;
        _results = results;
        Id = id;
        Receiving = Task.Run(async () =>
        {
            while (await _results.ResponseStream.MoveNext(_stop.Token))
            {
                lock (Responses)
                {
                    Responses.Add(_results.ResponseStream.Current);
                }
            }
        });
    }

    public SpeechToText.SpeechToTextClient Client { get; }

    public string Id { get; }

    public List<StreamingTranscribeResponse> Responses { get; } = [];

    /// <summary>Completes when the results stream ends; faults with its status.</summary>
    public Task Receiving { get; }

    public IEnumerable<Segment> Finals => Responses.Where(r => r.Segment is { IsFinal: true }).Select(r => r.Segment);

    public static async Task<BrowserSessionRun> OpenAsync(SpeechToText.SpeechToTextClient client, StreamingConfig config)
    {
        var call = client.OpenSession(new OpenSessionRequest { Config = config });
        Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None), Is.True);
        var opened = call.ResponseStream.Current.SessionOpened;
        Assert.That(opened, Is.Not.Null, "the first response names the session");
        Assert.That(opened.NextSequence, Is.Zero);
        return new BrowserSessionRun(client, call, opened.SessionId);
    }

    public static PushAudioRequest Push(string id, ulong sequence, IEnumerable<byte[]> packets, bool end = false) =>
        new() { SessionId = id, Sequence = sequence, Audio = OpusMessages.ChunkOf(packets), EndOfAudio = end };

    /// <summary>Push requests of <paramref name="packetsPerPush"/> packets; the last one ends the audio.</summary>
    public List<PushAudioRequest> Pushes(IReadOnlyList<byte[]> packets, int packetsPerPush) =>
        packets.Chunk(packetsPerPush).Select((chunk, i) => Push(Id, (ulong)i, chunk, end: (i + 1) * packetsPerPush >= packets.Count)).ToList();

    /// <summary>Stops reading results, as a browser whose connection dropped.</summary>
    public void DropResults()
    {
        _stop.Cancel();
        _results.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _results.Dispose();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
