using Grpc.Core;
using Stt.Abuse.Report.Calls;
using Stt.V1;

namespace Stt.Abuse.Report.Attacks;

/// <summary>3. Browser sessions opened with a deadline that passes before the client can learn their id.</summary>
internal static class ShortDeadlineSessions
{
    private const int Sessions = 10;

    public static Attack Create() => new($"{Sessions} OpenSession calls with a 1 ms deadline", [
        new AttackCase($"gRPC-Web OpenSession x{Sessions}, one after another", RunAsync),
    ]);

    private static async Task RunAsync(AttackContext context)
    {
        var cancellationToken = context.CancellationToken;
        for (var i = 0; i < Sessions; i++)
        {
            context.Step = $"OpenSession {i + 1}";
            using var call = context.Target.Web.OpenSession(
                new OpenSessionRequest { Config = LiveStream.Opus48k() }, deadline: DateTime.UtcNow.AddMilliseconds(1), cancellationToken: cancellationToken);
            try
            {
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                }

                context.Answers.Grpc("OpenSession", Status.DefaultSuccess, StatusCode.DeadlineExceeded);
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                context.Answers.Grpc("OpenSession", ex.Status, StatusCode.DeadlineExceeded);
            }
        }
    }
}
