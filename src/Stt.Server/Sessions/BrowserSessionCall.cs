using Grpc.Core;
using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;
using Stt.Core.Streaming;
using Stt.Server.Api;
using Stt.Server.Security;
using Stt.V1;

namespace Stt.Server.Sessions;

/// <summary>
/// OpenSession and PushAudio: the browser's way into the streaming pipeline, since gRPC-Web cannot stream
/// requests. Results flow on the OpenSession stream; if it drops, the session waits (for the grace period)
/// for a resume, keeping the events produced meanwhile. A session belongs to the caller that opened it: a push or
/// resume from anyone else gets exactly what an unknown id gets. A new session whose first message (its id) could not be
/// written is closed at once: nobody can push to it or resume it. Any other session whose results stream drops holds its
/// places until it is resumed or its grace ends (<c>Stt:Sessions:DetachedGrace</c>), within its caller's stream limit.
/// </summary>
internal sealed class BrowserSessionCall(
    RequestValidator validator, SessionRegistry registry, IOptions<StreamLifetimeOptions> lifetimes, TimeProvider clock, SpeechMetrics metrics)
{
    public async Task OpenAsync(OpenSessionRequest request, IServerStreamWriter<StreamingTranscribeResponse> responses, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        validator.RequireModel();
        var resumed = request.ResumeSessionId.Length > 0;
        var session = resumed ? Resume(request.ResumeSessionId, context.GetCaller()) : await OpenAsync(request, context);
        var writer = new ResponseStreamWriter(responses, session.ClientRequestId, lifetimes.Value.IdleTimeout, clock, metrics);
        var introduced = resumed; // a resumed session's id is known to its client already
        try
        {
            await writer.WriteAsync(new StreamingTranscribeResponse
            {
                ClientRequestId = session.ClientRequestId,
                SessionOpened = new SessionOpened { SessionId = session.Id, Resumed = resumed, NextSequence = session.NextSequence },
            }, cancellationToken);
            introduced = true;
            await writer.WriteAllAsync(session.Transcriber.Events, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && introduced)
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
            context.SetOutcome(new CallOutcome(session.Transcriber.ReceivedAudio.TotalSeconds, writer.Finals));
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

    /// <summary>
    /// A new session, holding its model and the places this call took (both outlive the call), with its results stream
    /// claimed.
    /// </summary>
    private async Task<PushedSession> OpenAsync(OpenSessionRequest request, ServerCallContext context)
    {
        if (request.Config is null)
        {
            throw RequestValidator.Invalid("config is required to open a session");
        }

        var (format, streamRequest) = await validator.ValidateAsync(request.Config, context.CancellationToken);
        PushedSession session;
        try
        {
            session = registry.Open(streamRequest, format, request.Config.ClientRequestId, context.GetCaller(), [context.TakeStreamPlaces(), streamRequest.Model]);
        }
        catch
        {
            streamRequest.Model?.Dispose();
            throw;
        }

        session.TryAttach();
        return session;
    }

    private PushedSession Resume(string id, string caller)
    {
        var session = Find(id, caller);
        return session.TryAttach()
            ? session
            : throw new RpcException(new Status(StatusCode.NotFound, "the session already has a results stream; resume only after it dropped"));
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
