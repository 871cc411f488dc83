using Grpc.Core;
using Stt.Core.Streaming;
using Stt.Server.Security;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>
/// OpenSession and PushAudio: the browser's way into the streaming pipeline, since gRPC-Web cannot stream
/// requests. Results flow on the OpenSession stream; if it drops, the session waits (for the grace period)
/// for a resume, keeping the events produced meanwhile. A session belongs to the caller that opened it: a push or
/// resume from anyone else gets exactly what an unknown id gets.
/// </summary>
internal sealed class BrowserSessionCall(RequestValidator validator, SessionRegistry registry)
{
    public async Task OpenAsync(OpenSessionRequest request, IServerStreamWriter<StreamingTranscribeResponse> responses, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        validator.RequireModel();
        var caller = context.GetCaller();
        var resumed = request.ResumeSessionId.Length > 0;
        PushedSession session;
        if (resumed)
        {
            session = Find(request.ResumeSessionId, caller);
            if (!session.TryAttach())
            {
                throw new RpcException(new Status(StatusCode.NotFound, "the session already has a results stream; resume only after it dropped"));
            }
        }
        else
        {
            if (request.Config is null)
            {
                throw RequestValidator.Invalid("config is required to open a session");
            }

            var (format, streamRequest) = validator.Validate(request.Config);
            session = registry.Open(streamRequest, format, request.Config.ClientRequestId, caller);
            session.Places = context.TakeStreamPlaces(); // the session, not this call, holds the stream's places now
            session.TryAttach();
        }

        await responses.WriteAsync(new StreamingTranscribeResponse
        {
            ClientRequestId = session.ClientRequestId,
            SessionOpened = new SessionOpened { SessionId = session.Id, Resumed = resumed, NextSequence = session.NextSequence },
        }, cancellationToken);

        var finals = 0;
        try
        {
            await foreach (var e in session.Transcriber.Events.ReadAllAsync(cancellationToken))
            {
                finals += e is SegmentEvent { IsFinal: true } ? 1 : 0;
                if (ResponseMapper.ToResponse(e, session.ClientRequestId) is { } response)
                {
                    await responses.WriteAsync(response, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            session.Detach(); // the browser may resume within the grace period
            throw;
        }
        catch
        {
            await registry.CloseAsync(session);
            throw;
        }
        finally
        {
            context.SetOutcome(new CallOutcome(session.Transcriber.ReceivedAudio.TotalSeconds, finals));
        }

        await registry.CloseAsync(session); // the session ended normally: summary sent
    }

    public async Task<PushAudioResponse> PushAsync(PushAudioRequest request, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var session = Find(request.SessionId, context.GetCaller());
        var audio = AudioChunks.ToPayload(request.Audio);
        if (audio is null && !request.EndOfAudio)
        {
            throw RequestValidator.Invalid($"push {request.Sequence} carries no audio and does not end the session");
        }

        try
        {
            var result = await session.PushAsync(request.Sequence, audio, request.EndOfAudio, cancellationToken);
            return new PushAudioResponse { NextSequence = result.NextSequence, Duplicate = result.Duplicate };
        }
        catch (SessionNotFoundException ex)
        {
            throw new RpcException(new Status(StatusCode.NotFound, ex.Message));
        }
        catch (PushWindowExceededException ex)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, ex.Message));
        }
    }

    private PushedSession Find(string id, string caller)
    {
        try
        {
            return registry.Get(id, caller);
        }
        catch (SessionNotFoundException ex)
        {
            throw new RpcException(new Status(StatusCode.NotFound, ex.Message));
        }
    }
}
