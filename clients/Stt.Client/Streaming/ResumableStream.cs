using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;
using Stt.V1;

namespace Stt.Client.Streaming;

/// <summary>
/// A live stream that outlives the replica serving it. A producer feeds 20 ms Opus packets into an
/// <see cref="AudioLog"/> at the pace of the audio (<see cref="PacketSources"/>: a file paced as a microphone, or a
/// microphone); a conversation runs server streams one after the other: each is sent the packets from where the servers
/// had confirmed the audio, then the live ones; its responses are joined into one transcript
/// (<see cref="ResumedTranscript"/>). When a stream fails in a way another replica can mend, the next
/// one starts; any other failure, or too many streams in a row that deliver nothing, ends the call with it.
/// </summary>
internal sealed class ResumableStream(SpeechToText.SpeechToTextClient client, SpeechStreamOptions options)
{
    private readonly ResumedTranscript _transcript = new();
    private readonly AudioLog _log = new((int)Math.Max(1, options.MaxReplay / Packets.Duration));

    /// <summary>Runs the stream over <paramref name="audio"/>: groups of packets, each handed over when its audio is due.</summary>
    public async IAsyncEnumerable<StreamingTranscribeResponse> RunAsync(
        IAsyncEnumerable<IReadOnlyCollection<byte[]>> audio, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var output = Channel.CreateUnbounded<StreamingTranscribeResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var feeding = FeedAsync(audio, output.Writer, stop.Token);
        var conversing = ConverseAsync(output.Writer, stop.Token);
        try
        {
            await foreach (var response in output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return response;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(feeding, conversing).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Appends the audio to the log as it comes; a source that fails fails the stream with its error.</summary>
    private async Task FeedAsync(
        IAsyncEnumerable<IReadOnlyCollection<byte[]>> audio, ChannelWriter<StreamingTranscribeResponse> output, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var packets in audio.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                _log.Append(packets);
            }

            _log.Complete();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            output.TryComplete(ex);
        }
    }

    private async Task ConverseAsync(ChannelWriter<StreamingTranscribeResponse> output, CancellationToken cancellationToken)
    {
        try
        {
            var withoutProgress = 0;
            for (var number = 1; ; number++)
            {
                var from = Math.Max(_transcript.Confirmed, _log.FirstKept);
                var attempt = new AttemptProgress(number, from, from - _transcript.Confirmed);
                var (status, failure) = await RunAttemptAsync(attempt, output, cancellationToken).ConfigureAwait(false);
                var finished = failure is null && attempt.Summary is not null && _log.IsComplete && attempt.Next >= _log.Count;
                options.AttemptEnded?.Invoke(Report(attempt, status));
                if (finished)
                {
                    output.TryWrite(_transcript.Summary(attempt, options.ClientRequestId));
                    output.TryComplete();
                    return;
                }

                cancellationToken.ThrowIfCancellationRequested();
                withoutProgress = attempt.Finals > 0 || _transcript.Confirmed > from ? 0 : withoutProgress + 1;
                if (!options.Resume || !CanResume(status.StatusCode) || withoutProgress > options.MaxResumesWithoutProgress)
                {
                    if (attempt.Summary is not null)
                    {
                        output.TryWrite(_transcript.Summary(attempt, options.ClientRequestId));
                    }

                    throw failure ?? new RpcException(new Status(StatusCode.Internal, "the server ended the stream before all the audio was sent"));
                }

                if (withoutProgress > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250 << Math.Min(withoutProgress - 1, 3)), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
        }
    }

    /// <summary>One server stream: sends from the attempt's start, passes its responses on; its status, and the failure when there is one.</summary>
    private async Task<(Status Status, RpcException? Failure)> RunAttemptAsync(
        AttemptProgress attempt, ChannelWriter<StreamingTranscribeResponse> output, CancellationToken cancellationToken)
    {
        _transcript.BeginAttempt();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = client.StreamingTranscribe(cancellationToken: stop.Token);
        var sending = SendAsync(call.RequestStream, attempt, stop.Token);
        try
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (_transcript.Map(response, attempt) is { } mapped)
                {
                    await output.WriteAsync(mapped, cancellationToken).ConfigureAwait(false);
                }

                _log.Forget(_transcript.Confirmed);
            }

            return (Status.DefaultSuccess, null);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (ex.Status, ex);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await sending.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false); // its failure is the call's status
        }
    }

    private async Task SendAsync(IClientStreamWriter<StreamingTranscribeRequest> requests, AttemptProgress attempt, CancellationToken cancellationToken)
    {
        await requests.WriteAsync(new StreamingTranscribeRequest { Config = Config() }, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var (first, packets) = await _log.ReadAsync(attempt.Next, Math.Max(1, options.PacketsPerMessage), cancellationToken).ConfigureAwait(false);
            if (packets.Count == 0)
            {
                break;
            }

            await requests.WriteAsync(OpusMessages.Of(packets), cancellationToken).ConfigureAwait(false);
            attempt.Next = first + packets.Count;
        }

        await requests.CompleteAsync().ConfigureAwait(false);
    }

    private StreamingConfig Config() => new()
    {
        Encoding = Stt.V1.AudioEncoding.Opus,
        SampleRateHertz = OpusPacketizer.SampleRate,
        Channels = 1,
        Language = options.Language,
        Model = options.Model,
        Translate = options.Translate,
        InterimResults = options.InterimResults,
        WordTimestamps = options.WordTimestamps,
        Prompt = options.Prompt,
        ClientRequestId = options.ClientRequestId,
        Pacing = options.WirePacing,
    };

    private StreamAttempt Report(AttemptProgress attempt, Status status) => new(
        attempt.Number,
        Packets.ToTime(attempt.From),
        Packets.ToTime(attempt.Next - attempt.From),
        Packets.ToTime(_transcript.Confirmed),
        Packets.ToTime(attempt.Skipped),
        attempt.Finals,
        attempt.DuplicatesDropped,
        status.StatusCode,
        status.Detail,
        attempt.Summary);

    /// <summary>Failures another stream, on another replica, can mend: the server going away or ending the stream early.</summary>
    private static bool CanResume(StatusCode code) => code is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled
        or StatusCode.Unknown or StatusCode.Aborted or StatusCode.OutOfRange or StatusCode.OK;
}
