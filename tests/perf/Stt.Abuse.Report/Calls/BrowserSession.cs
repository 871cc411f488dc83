using Grpc.Core;
using Stt.V1;

namespace Stt.Abuse.Report.Calls;

/// <summary>A browser session opened by the attacker over gRPC-Web: results on its OpenSession stream, audio by PushAudio.</summary>
internal sealed class BrowserSession : IDisposable
{
    private const string Call = "OpenSession";
    private readonly AsyncServerStreamingCall<StreamingTranscribeResponse> _results;

    private BrowserSession(AsyncServerStreamingCall<StreamingTranscribeResponse> results, string id) => (_results, Id) = (results, id);

    public string Id { get; }

    /// <summary>Opens a session; null (and the refusal recorded) when the server refuses it.</summary>
    public static async Task<BrowserSession?> OpenAsync(AttackContext context, StreamingConfig config)
    {
        var cancellationToken = context.CancellationToken;
        context.Step = Call;
        var results = context.Target.Web.OpenSession(new OpenSessionRequest { Config = config }, cancellationToken: cancellationToken);
        try
        {
            if (await results.ResponseStream.MoveNext(cancellationToken) && results.ResponseStream.Current.SessionOpened is { } opened)
            {
                return new BrowserSession(results, opened.SessionId);
            }

            context.Answers.Add(Call, "ended without session_opened", AnswerKind.Other, false, null);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            context.Answers.Grpc(Call, ex.Status);
        }

        results.Dispose();
        return null;
    }

    /// <summary>One push; its status recorded under <paramref name="call"/>. Returns true when it was taken.</summary>
    public async Task<bool> PushAsync(AttackContext context, string call, ulong sequence, AudioChunk? audio, bool end, params StatusCode[] expected)
    {
        var cancellationToken = context.CancellationToken;
        context.Step = $"PushAudio {sequence}";
        try
        {
            var reply = await context.Target.Web.PushAudioAsync(
                new PushAudioRequest { SessionId = Id, Sequence = sequence, Audio = audio, EndOfAudio = end }, cancellationToken: cancellationToken);
            context.Answers.Grpc(call, new Status(StatusCode.OK, $"next sequence {reply.NextSequence}"), expected);
            return true;
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            context.Answers.Grpc(call, ex.Status, expected);
            return false;
        }
    }

    /// <summary>
    /// Reads the results stream until the session ends by itself (end of audio, a failure, or the idle timeout), and
    /// records how; a session still open after <see cref="AttackContext.EndBound"/> is a hang.
    /// </summary>
    public async Task EndAsync(AttackContext context, params StatusCode[] expected)
    {
        var cancellationToken = context.CancellationToken;
        context.Step = $"{Call}: waiting for the session to end";
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(context.EndBound);
        try
        {
            while (await _results.ResponseStream.MoveNext(bound.Token))
            {
            }

            context.Answers.Grpc(Call, Status.DefaultSuccess, expected);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (bound.IsCancellationRequested)
            {
                context.Answers.NoAnswer($"{Call} (the session's end)", context.EndBound);
            }
            else if (ex is RpcException rpc)
            {
                context.Answers.Grpc(Call, rpc.Status, expected);
            }
        }
    }

    public void Dispose() => _results.Dispose();
}
