using System.Threading.Channels;
using Grpc.Core;
using Stt.Core.Diagnostics;
using Stt.Core.Streaming;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>
/// The one writer of a live stream's response stream (StreamingTranscribe, OpenSession): writes its events in order and
/// counts what went out. A client that takes no response for the stall timeout (the streams' idle timeout) is not
/// reading: the write is abandoned and the call ends, so a reader that walked away holds no stream place.
/// </summary>
internal sealed class ResponseStreamWriter(
    IServerStreamWriter<StreamingTranscribeResponse> responses, string clientRequestId, TimeSpan stallTimeout, TimeProvider clock, SpeechMetrics metrics)
{
    /// <summary>Finals written so far.</summary>
    public int Finals { get; private set; }

    /// <summary>The stream's summary, once written.</summary>
    public StreamSummary? Summary { get; private set; }

    /// <summary>Writes every event until <paramref name="events"/> completes (or throws the error it completed with).</summary>
    /// <exception cref="ClientNotReadingException">A write was not taken within the stall timeout.</exception>
    public async Task WriteAllAsync(ChannelReader<StreamEvent> events, CancellationToken cancellationToken)
    {
        await foreach (var e in events.ReadAllAsync(cancellationToken))
        {
            if (ResponseMapper.ToResponse(e, clientRequestId) is { } response)
            {
                await WriteAsync(response, cancellationToken);
            }

            Summary = (e as SummaryEvent)?.Summary ?? Summary;
            Finals += e is SegmentEvent { IsFinal: true } ? 1 : 0;
        }
    }

    /// <summary>Writes one response, waiting at most the stall timeout for the client to take it.</summary>
    /// <exception cref="ClientNotReadingException">The write was not taken within the stall timeout.</exception>
    public async Task WriteAsync(StreamingTranscribeResponse response, CancellationToken cancellationToken)
    {
        using var stalled = new CancellationTokenSource(stallTimeout, clock);
        using var write = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stalled.Token);
        try
        {
            await responses.WriteAsync(response, write.Token);
        }
        catch (Exception ex) when (stalled.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && ex is OperationCanceledException or InvalidOperationException)
        {
            metrics.ClientFault("not_reading");
            throw new ClientNotReadingException(stallTimeout);
        }
    }
}
