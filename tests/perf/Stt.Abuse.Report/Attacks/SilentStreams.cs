using System.Diagnostics;
using Grpc.Core;

namespace Stt.Abuse.Report.Attacks;

/// <summary>4. Live streams that never send their first message: each holds a place until the server gives up on it.</summary>
internal static class SilentStreams
{
    private const int Streams = 4;

    public static Attack Create() => new($"{Streams} StreamingTranscribe calls that never send a first message", [
        new AttackCase($"gRPC StreamingTranscribe x{Streams} at once, nothing sent", RunAsync),
    ]);

    private static async Task RunAsync(AttackContext context)
    {
        var cancellationToken = context.CancellationToken;
        context.Step = "StreamingTranscribe: waiting for the server to end the silent streams";
        var clock = Stopwatch.StartNew();
        var calls = Enumerable.Range(0, Streams).Select(_ => context.Target.Grpc.StreamingTranscribe(cancellationToken: cancellationToken)).ToList();
        try
        {
            var ended = await Task.WhenAll(calls.Select(async call =>
            {
                try
                {
                    while (await call.ResponseStream.MoveNext(cancellationToken))
                    {
                    }

                    context.Answers.Grpc("StreamingTranscribe", Status.DefaultSuccess, StatusCode.DeadlineExceeded);
                }
                catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    context.Answers.Grpc("StreamingTranscribe", ex.Status, StatusCode.DeadlineExceeded);
                }

                return clock.Elapsed;
            }));
            var last = ended.Max();
            context.Answers.Check(
                $"refused after the idle timeout ({context.IdleTimeout.TotalSeconds:F0} s), not long after",
                ended.Min() >= context.IdleTimeout - TimeSpan.FromMilliseconds(500) && last <= context.IdleTimeout + TimeSpan.FromSeconds(10),
                $"ended after {ended.Min().TotalSeconds:F1}-{last.TotalSeconds:F1} s");
        }
        finally
        {
            calls.ForEach(call => call.Dispose());
        }
    }
}
