using System.Diagnostics;
using Grpc.Core;

namespace Stt.Abuse.Report;

/// <summary>
/// Runs attack cases one at a time and measures each: its answers and wall time, the server's memory growth (peak minus
/// the value just before), and, for up to 10 s after it ended, the live streams it left open. A case that throws is
/// recorded, never the end of the run; one still waiting when its bound passes is a hang.
/// </summary>
internal sealed class CaseRunner(Target target, AttackSizes sizes, TimeSpan idleTimeout, ServerWatch server, ServerLog log, FfmpegCalls ffmpeg, WellBehavedStream wellBehaved)
{
    private static readonly TimeSpan PlacesWindow = TimeSpan.FromSeconds(10);
    private bool _answering = true;

    public async Task<CaseResult> RunAsync(AttackCase attack, CancellationToken cancellationToken)
    {
        if (attack.SkipReason is { } reason)
        {
            return CaseResult.Skip(attack.Name, reason);
        }

        if (!server.Alive)
        {
            return CaseResult.Skip(attack.Name, "the server process is gone");
        }

        if (!_answering)
        {
            return CaseResult.Skip(attack.Name, "the server stopped answering after an earlier attack hung");
        }

        Progress($"{attack.Name}");
        if (attack.PrepareAsync is { } prepare)
        {
            try
            {
                await prepare(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return CaseResult.Skip(attack.Name, $"could not build what it sends: {ex.GetBaseException().Message}");
            }
        }

        var heldBefore = await HeldAsync(cancellationToken) ?? 0;
        var rssBefore = server.Mark();
        var logFrom = log.Position;
        var finalsFrom = wellBehaved.FinalCount;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(sizes.CaseBound);
        var context = new AttackContext(target, sizes, idleTimeout, ffmpeg, bound.Token);
        var clock = Stopwatch.StartNew();
        try
        {
            await attack.RunAsync(context);
        }
        catch (Exception ex) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                                   && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled } or TimeoutException)
        {
            context.Answers.NoAnswer(context.Step, sizes.CaseBound);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.WebSockets.WebSocketException)
        {
            context.Answers.ConnectionLost(context.Step, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug of this program, not an answer of the server: recorded, and the run goes on.
            Progress($"  the attack itself failed at '{context.Step}': {ex}");
            context.Answers.Add(context.Step, $"attack failed: {ex.GetType().Name}", AnswerKind.Other, false, ex.Message);
        }

        var wall = clock.Elapsed;
        var finalsTo = wellBehaved.FinalCount;
        if (!server.Alive)
        {
            context.Answers.Add("the server process", "exited", AnswerKind.Unusable, false, null);
        }

        var (held, back) = await PlacesAfterAsync(heldBefore, cancellationToken);
        _answering = held >= 0 || !context.Answers.All.Any(a => a.Kind == AnswerKind.Unusable); // a hang, then silence: the rest would only hang too
        var growth = (server.PeakKb - rssBefore) / 1024.0;
        var result = new CaseResult(attack.Name, context.Answers.All, context.Answers.Checks, wall, growth, held, back, (finalsFrom, finalsTo), log.Problems(logFrom, log.Position), null);
        Progress($"  {wall.TotalSeconds:F1} s, RSS +{growth:F0} MB, {held} places held; " +
                 string.Join(", ", result.Answers.GroupBy(a => $"{a.Call} {a.Outcome}").Select(g => $"{g.Key} x{g.Count()}")));
        return result;
    }

    /// <summary>Live streams open now that are not the well-behaved one; null when the server does not answer.</summary>
    public async Task<int?> HeldAsync(CancellationToken cancellationToken)
    {
        try
        {
            var active = await target.ActiveStreamsAsync(cancellationToken);
            return Math.Max(0, active - (wellBehaved.IsOpen ? 1 : 0));
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Polls until the places held are back to <paramref name="before"/>, for at most 10 s: what is left then, and when they came back.</summary>
    public async Task<(int Held, TimeSpan? BackAfter)> PlacesAfterAsync(int before, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var held = int.MaxValue;
        while (true)
        {
            if (await HeldAsync(cancellationToken) is { } now)
            {
                held = Math.Max(0, now - before);
                if (held == 0)
                {
                    return (0, clock.Elapsed);
                }
            }

            if (clock.Elapsed >= PlacesWindow)
            {
                return (held == int.MaxValue ? -1 : held, null);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private static void Progress(string message) => Console.Error.WriteLine(message);
}
