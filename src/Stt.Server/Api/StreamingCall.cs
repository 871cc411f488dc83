using Grpc.Core;
using Stt.Core.Streaming;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>
/// One StreamingTranscribe call: the first message configures a session; a reader task feeds it audio while
/// this method, the response stream's only writer, drains the session's events. A reader error (bad audio, a
/// second config) stops the writer and fails the call with that error.
/// </summary>
internal sealed class StreamingCall(RequestValidator validator, TranscriptionSessionFactory sessions)
{
    public async Task RunAsync(
        IAsyncStreamReader<StreamingTranscribeRequest> requests,
        IServerStreamWriter<StreamingTranscribeResponse> responses,
        CancellationToken cancellationToken)
    {
        validator.RequireModel();
        if (!await requests.MoveNext(cancellationToken))
        {
            throw RequestValidator.Invalid("the stream closed before its first message; the first message must carry config");
        }

        if (requests.Current.RequestCase != StreamingTranscribeRequest.RequestOneofCase.Config)
        {
            throw RequestValidator.Invalid("the first message must carry config; audio came before it");
        }

        var config = requests.Current.Config;
        var (format, settings) = validator.Validate(config);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var session = sessions.Create(settings, format, stop.Token);
        var reading = ReadAsync(requests, session, stop);
        try
        {
            await foreach (var e in session.Events.ReadAllAsync(stop.Token))
            {
                await responses.WriteAsync(ResponseMapper.ToResponse(e, config.ClientRequestId), stop.Token);
            }
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

        await reading;
    }

    private static async Task ReadAsync(IAsyncStreamReader<StreamingTranscribeRequest> requests, TranscriptionSession session, CancellationTokenSource stop)
    {
        try
        {
            var index = 0;
            while (await requests.MoveNext(stop.Token))
            {
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
                await session.AcceptAudioAsync(payload, stop.Token);
            }

            await session.CompleteAsync(stop.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await stop.CancelAsync();
            throw;
        }
    }
}
