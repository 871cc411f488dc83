using Grpc.Core;
using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;
using Stt.Core.Streaming;
using Stt.Server.Hosting;
using Stt.Server.Security;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>
/// One StreamingTranscribe call: the first message configures a stream; a reader task feeds it audio while
/// this method, the response stream's only writer, drains the transcriber's events. A reader error (bad audio, a
/// second config) stops the writer and fails the call with that error. The stream's lifetime runs from the moment the
/// call opens: a client that sends no config within the idle timeout is refused. The reader also ends the stream,
/// after flushing the finals of everything received, when the client is silent for the idle timeout (status OK), when
/// the stream reaches its maximum duration (OUT_OF_RANGE) or when the server drains (UNAVAILABLE).
/// </summary>
internal sealed class StreamingCall(
    RequestValidator validator,
    StreamTranscriberFactory transcribers,
    ServerDrain drain,
    IOptions<StreamLifetimeOptions> lifetimes,
    TimeProvider clock,
    SpeechMetrics metrics)
{
    public async Task RunAsync(
        IAsyncStreamReader<StreamingTranscribeRequest> requests,
        IServerStreamWriter<StreamingTranscribeResponse> responses,
        ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        validator.RequireModel();
        using var lifetime = new StreamLifetime(lifetimes.Value, clock);
        using var draining = drain.Draining.Register(() => lifetime.Drain(drain.ReadGraceLeft)); // audio on its way is still taken
        var config = await ReadConfigAsync(requests, lifetime, cancellationToken);
        using var model = await validator.AcquireModelAsync(config.Model, "config.model", cancellationToken);
        var (format, request) = validator.Validate(config, model);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var deadline = drain.Deadline.Register(stop.Cancel); // past the drain timeout: cancel whatever is left
        await using var transcriber = transcribers.Create(request, format, stop.Token);
        var reading = ReadAsync(requests, transcriber, lifetime, stop);
        var writer = new ResponseStreamWriter(responses, config.ClientRequestId, lifetimes.Value.IdleTimeout, clock, metrics);
        try
        {
            await writer.WriteAllAsync(transcriber.Events, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await reading; // the reader stopped the call: its error is the call's status
            throw;
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            context.SetOutcome(new CallOutcome(writer.Summary?.Audio.TotalSeconds ?? 0, writer.Finals));
        }

        var audio = writer.Summary?.Audio.TotalSeconds ?? 0;
        switch (await reading)
        {
            case StreamEndReason.MaxDuration:
                throw new RpcException(new Status(StatusCode.OutOfRange,
                    $"the stream reached its maximum duration of {lifetimes.Value.MaxDuration} (Stt:Streams:MaxDuration); the {audio:F1} s received are transcribed; open a new stream to go on"));
            case StreamEndReason.Draining:
                throw new RpcException(new Status(StatusCode.Unavailable,
                    $"the server is shutting down; the {audio:F1} s received are transcribed; send the rest to another instance"));
        }
    }

    /// <summary>The first message, which must carry config and come within the idle timeout of the call's opening.</summary>
    private async Task<StreamingConfig> ReadConfigAsync(
        IAsyncStreamReader<StreamingTranscribeRequest> requests, StreamLifetime lifetime, CancellationToken cancellationToken)
    {
        var (received, end) = await NextAsync(requests, lifetime, cancellationToken);
        switch (end)
        {
            case StreamEndReason.Draining:
                throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down; open the stream on another instance"));
            case not null:
                throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                    $"no first message within {lifetimes.Value.IdleTimeout.TotalSeconds:F0} s of opening the stream (Stt:Streams:IdleTimeout); send config first, then audio"));
        }

        if (!received)
        {
            throw RequestValidator.Invalid("the stream closed before its first message; the first message must carry config");
        }

        return requests.Current.RequestCase == StreamingTranscribeRequest.RequestOneofCase.Config
            ? requests.Current.Config
            : throw RequestValidator.Invalid("the first message must carry config; audio came before it");
    }

    /// <summary>Feeds the transcriber until the client closes (null) or the server ends the stream (the reason).</summary>
    private async Task<StreamEndReason?> ReadAsync(
        IAsyncStreamReader<StreamingTranscribeRequest> requests, StreamTranscriber transcriber, StreamLifetime lifetime, CancellationTokenSource stop)
    {
        var tooFast = false;
        try
        {
            var index = 0;
            StreamEndReason? end;
            while (true)
            {
                (var received, end) = await NextAsync(requests, lifetime, stop.Token);
                if (!received)
                {
                    break;
                }

                index++;
                var request = requests.Current;
                if (request.RequestCase != StreamingTranscribeRequest.RequestOneofCase.Audio)
                {
                    throw RequestValidator.Invalid(request.RequestCase == StreamingTranscribeRequest.RequestOneofCase.Config
                        ? $"message {index} carries a second config; config may only be sent once, in the first message"
                        : $"message {index} is empty; every message after the first must carry audio");
                }

                var payload = AudioChunks.ToPayload(request.Audio)
                    ?? throw RequestValidator.Invalid($"audio message {index} carries no audio (no Opus packets and no PCM bytes)");
                using (lifetime.Busy()) // back-pressure on a fast sender does not count as silence
                {
                    await transcriber.AcceptAudioAsync(payload, stop.Token);
                    lifetime.RecordActivity();
                }
                if (!tooFast && !transcriber.IsRealTime)
                {
                    tooFast = true; // allowed (a recording sent as fast as the server takes it); counted once
                    metrics.ClientFault("faster_than_real_time");
                }
            }

            await transcriber.CompleteAsync(stop.Token);
            return end;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await stop.CancelAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits for the next message until the stream's lifetime ends it (<see cref="StreamLifetime.Ended"/>: the idle
    /// timeout, the maximum duration, or the drain's grace). (false, reason) when the lifetime ran out first; (false, null)
    /// when the client closed its side. A client silent for the idle timeout is counted as stalled.
    /// </summary>
    private async Task<(bool Received, StreamEndReason? End)> NextAsync(
        IAsyncStreamReader<StreamingTranscribeRequest> requests, StreamLifetime lifetime, CancellationToken stop)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop, lifetime.Ended);
        try
        {
            return (await requests.MoveNext(wait.Token), null);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            var end = lifetime.EndReason(drain.IsDraining);
            if (end == StreamEndReason.Idle)
            {
                metrics.ClientFault("stalled");
            }

            return (false, end);
        }
    }
}
