using System.Runtime.CompilerServices;
using Grpc.Core;
using Stt.Audio;
using Stt.Core.Diagnostics;
using Stt.Core.Streaming;
using Stt.Server.Hosting;
using Stt.Server.Security;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>
/// One StreamingTranscribe call, the gRPC door to a live stream: the first message configures it; the
/// <see cref="LiveStreamRunner"/> feeds it the audio of the messages after it while this method, the response stream's
/// only writer, writes its events. A bad message (bad audio, a second config) stops the writer and fails the call with
/// that error. The stream's lifetime runs from the moment the call opens: a client that sends no config within the idle
/// timeout is refused. The runner ends the stream, after the finals of everything received, when the client is silent
/// for the idle timeout (status OK), reaches the maximum duration (OUT_OF_RANGE) or the server drains (UNAVAILABLE).
/// </summary>
internal sealed class StreamingCall(
    RequestValidator validator,
    StreamTranscriberFactory transcribers,
    LiveStreamRunner runner,
    ServerDrain drain,
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
        using var lifetime = runner.Start();
        var config = await ReadConfigAsync(requests, lifetime, cancellationToken);
        var (format, request) = await validator.ValidateAsync(config, cancellationToken);
        using var model = request.Model;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var deadline = drain.Deadline.Register(stop.Cancel); // past the drain timeout: cancel whatever is left
        await using var transcriber = transcribers.Create(request, format, stop.Token);
        var tooFast = false;
        var running = StopOnFailureAsync(runner.RunAsync(transcriber, lifetime, AudioOf(requests), async (audio, token) =>
        {
            await transcriber.AcceptAudioAsync(audio, token);
            if (!tooFast && !transcriber.IsRealTime)
            {
                tooFast = true; // allowed (a recording sent as fast as the server takes it); counted once
                metrics.ClientFault("faster_than_real_time");
            }
        }, stop.Token), stop);
        var writer = new ResponseStreamWriter(responses, config.ClientRequestId, runner.Lifetimes.IdleTimeout, clock, metrics);
        try
        {
            await writer.WriteAllAsync(transcriber.Events, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await running; // the runner stopped the call: its error is the call's status
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

        var received = writer.Summary?.Audio.TotalSeconds ?? 0;
        switch (await running)
        {
            case StreamEndReason.MaxDuration:
                throw new RpcException(new Status(StatusCode.OutOfRange,
                    $"the stream reached its maximum duration of {runner.Lifetimes.MaxDuration} (Stt:Streams:MaxDuration); the {received:F1} s received are transcribed; open a new stream to go on"));
            case StreamEndReason.Draining:
                throw new RpcException(new Status(StatusCode.Unavailable,
                    $"the server is shutting down; the {received:F1} s received are transcribed; send the rest to another instance"));
        }
    }

    /// <summary>The first message, which must carry config and come within the idle timeout of the call's opening.</summary>
    private async Task<StreamingConfig> ReadConfigAsync(
        IAsyncStreamReader<StreamingTranscribeRequest> requests, StreamLifetime lifetime, CancellationToken cancellationToken)
    {
        StreamingTranscribeRequest? first = null;
        var end = await runner.ReadAsync(lifetime, First(requests, CancellationToken.None), (message, _) => // the runner gives the read its token
        {
            first = message;
            return ValueTask.FromResult(true);
        }, cancellationToken);
        switch (end)
        {
            case StreamEndReason.Draining:
                throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down; open the stream on another instance"));
            case not null:
                throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                    $"no first message within {runner.Lifetimes.IdleTimeout.TotalSeconds:F0} s of opening the stream (Stt:Streams:IdleTimeout); send config first, then audio"));
        }

        return first switch
        {
            null => throw RequestValidator.Invalid("the stream closed before its first message; the first message must carry config"),
            { RequestCase: StreamingTranscribeRequest.RequestOneofCase.Config } => first.Config,
            _ => throw RequestValidator.Invalid("the first message must carry config; audio came before it"),
        };
    }

    /// <summary>The first message, if any.</summary>
    private static async IAsyncEnumerable<StreamingTranscribeRequest> First(
        IAsyncStreamReader<StreamingTranscribeRequest> requests, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (await requests.MoveNext(cancellationToken))
        {
            yield return requests.Current;
        }
    }

    /// <summary>The audio of the messages after the config (numbered from 1 in errors); a message that carries none is refused.</summary>
    private static async IAsyncEnumerable<AudioPayload> AudioOf(
        IAsyncStreamReader<StreamingTranscribeRequest> requests, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var index = 1; await requests.MoveNext(cancellationToken); index++)
        {
            var request = requests.Current;
            if (request.RequestCase != StreamingTranscribeRequest.RequestOneofCase.Audio)
            {
                throw RequestValidator.Invalid(request.RequestCase == StreamingTranscribeRequest.RequestOneofCase.Config
                    ? $"message {index} carries a second config; config may only be sent once, in the first message"
                    : $"message {index} is empty; every message after the first must carry audio");
            }

            yield return AudioChunks.ToPayload(request.Audio)
                ?? throw RequestValidator.Invalid($"audio message {index} carries no audio (no Opus packets and no PCM bytes)");
        }
    }

    /// <summary>The runner's end; when it fails (a bad message, bad audio), the call stops so the writer ends too.</summary>
    private static async Task<StreamEndReason?> StopOnFailureAsync(Task<StreamEndReason?> running, CancellationTokenSource stop)
    {
        try
        {
            return await running;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await stop.CancelAsync();
            throw;
        }
    }
}
